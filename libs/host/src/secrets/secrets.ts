import { chmod, mkdir, rm } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { MountSpec } from '@berth/runtime';
import { HostResourceError, errorMessage } from '../errors';
import { containerPaths } from '../container/container-paths';
import { writeFileAtomic } from '../support/atomic-write';

/** One secret to give a container. */
export interface SecretRequest {
  /** File name under the secrets dir; letters, digits, '.', '_' and '-' only. */
  readonly name: string;
  readonly data: string | Uint8Array;
  /** Path inside the container; defaults to `/run/secrets/<name>`. */
  readonly target?: string;
}

/** The secrets port: files `<dataDir>/containers/<id>/secrets/<name>` (0400) in a 0700 dir, bound read-only. */
export interface Secrets {
  /** Writes the files (rewriting them is harmless) and returns read-only bind mounts. */
  acquire(containerId: string, secrets: readonly SecretRequest[]): Promise<MountSpec[]>;
  /** Removes the files; never written = done. Cleanup treats a failure as a warning only. */
  release(containerId: string): Promise<void>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export class FileSecrets implements Secrets {
  constructor(private readonly dataDir: string) {}

  async acquire(containerId: string, secrets: readonly SecretRequest[]): Promise<MountSpec[]> {
    const dir = containerPaths(this.dataDir, containerId).secrets;
    if (secrets.length === 0) return [];
    for (const secret of secrets) {
      if (!NAME.test(secret.name) || secret.name.length > 255) {
        throw new HostResourceError(`invalid secret name "${secret.name}": use letters, digits, '.', '_' and '-'`, 'mount', 'invalid_parameter');
      }
      if (secret.target !== undefined && !posix.isAbsolute(secret.target)) {
        throw new HostResourceError(`invalid target "${secret.target}" of secret ${secret.name}: must be an absolute path`, 'mount', 'invalid_parameter');
      }
    }
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await chmod(dir, 0o700);
      const mounts: MountSpec[] = [];
      for (const secret of secrets) {
        const path = join(dir, secret.name);
        await writeFileAtomic(path, Buffer.from(secret.data), 0o400);
        await chmod(path, 0o400);
        mounts.push({ destination: secret.target ?? `/run/secrets/${secret.name}`, type: 'bind', source: path, options: ['rbind', 'ro', 'rprivate'] });
      }
      return mounts;
    } catch (error) {
      throw new HostResourceError(`cannot write the secrets of ${containerId} under ${dir}: ${errorMessage(error)}`, 'mount', 'system', { cause: error });
    }
  }

  async release(containerId: string): Promise<void> {
    await rm(containerPaths(this.dataDir, containerId).secrets, { recursive: true, force: true });
  }
}
