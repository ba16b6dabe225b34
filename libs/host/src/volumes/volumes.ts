import { mkdir, stat } from 'node:fs/promises';
import { isAbsolute, normalize } from 'node:path';
import type { MountSpec } from '@berth/runtime';
import { HostResourceError, errorMessage } from '../errors';
import { assertSafeId } from '../support/container-id';
import { checkDestination, parseBind } from './bind-spec';
import { DEFAULT_TMPFS_OPTIONS, mergeTmpfsOptions } from './tmpfs-options';

/** One HostConfig.Mounts entry (`--mount`), as far as berth supports it. */
export interface MountRequest {
  readonly Type: string;
  readonly Source?: string;
  readonly Target: string;
  readonly ReadOnly?: boolean;
  readonly BindOptions?: { readonly Propagation?: string };
  readonly TmpfsOptions?: { readonly SizeBytes?: number; readonly Mode?: number };
}

/** The volumes port: HostConfig.Binds, Mounts and Tmpfs → the runtime's mount specs. */
export interface Volumes {
  /**
   * Checks and resolves the mounts of a start. A missing `-v` source directory is created (as
   * Docker 20.10 does); a missing `--mount type=bind` source is an error. Throws
   * HostResourceError(stage 'mount', kind 'invalid_parameter') naming the bind.
   */
  acquire(
    containerId: string,
    binds: readonly string[],
    mounts: readonly MountRequest[],
    tmpfs: Readonly<Record<string, string>>,
  ): Promise<MountSpec[]>;
  /** Binds and tmpfs are set up by the runtime inside the container: nothing to undo here. Idempotent. */
  release(containerId: string): Promise<void>;
}

function invalid(message: string): HostResourceError {
  return new HostResourceError(message, 'mount', 'invalid_parameter');
}

function bindOptions(readOnly: boolean, propagation: string): string[] {
  return readOnly ? ['rbind', 'ro', propagation] : ['rbind', propagation];
}

export class HostVolumes implements Volumes {
  async acquire(
    containerId: string,
    binds: readonly string[],
    mounts: readonly MountRequest[],
    tmpfs: Readonly<Record<string, string>>,
  ): Promise<MountSpec[]> {
    assertSafeId(containerId, 'container id');
    const specs: MountSpec[] = [];
    const add = (spec: MountSpec): void => {
      if (specs.some((existing) => existing.destination === spec.destination)) {
        throw invalid(`Duplicate mount point: ${spec.destination}`);
      }
      specs.push(spec);
    };
    for (const bind of binds) {
      const parsed = parseBind(bind);
      await ensureBindSource(parsed.source, bind);
      add({ destination: parsed.destination, type: 'bind', source: parsed.source, options: bindOptions(parsed.readOnly, parsed.propagation) });
    }
    for (const mount of mounts) add(await mountSpec(mount));
    for (const [target, data] of Object.entries(tmpfs)) {
      const destination = checkDestination(target, `${target}:${data}`);
      add({ destination, type: 'tmpfs', source: 'tmpfs', options: mergeTmpfsOptions([...DEFAULT_TMPFS_OPTIONS, ...data.split(',')]) });
    }
    return specs;
  }

  async release(containerId: string): Promise<void> {
    assertSafeId(containerId, 'container id');
  }
}

/** `-v /abs:/dst`: Docker 20.10 creates a missing host directory (0755). */
async function ensureBindSource(source: string, bind: string): Promise<void> {
  try {
    await stat(source);
    return;
  } catch (error) {
    if (!(typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT')) {
      throw new HostResourceError(`error while checking bind source ${source} of '${bind}': ${errorMessage(error)}`, 'mount', 'system');
    }
  }
  try {
    await mkdir(source, { recursive: true, mode: 0o755 });
  } catch (error) {
    throw new HostResourceError(`error while creating mount source path '${source}': ${errorMessage(error)}`, 'mount', 'system', { cause: error });
  }
}

async function mountSpec(mount: MountRequest): Promise<MountSpec> {
  const type = mount.Type;
  const source = mount.Source ?? '';
  if (type === 'bind') {
    if (source === '') throw invalid(`invalid mount config for type "bind": field Source must not be empty`);
    if (!isAbsolute(source)) throw invalid(`invalid mount config for type "bind": invalid mount path: '${source}' mount path must be absolute`);
    const destination = checkMountTarget(mount.Target, type);
    try {
      await stat(source);
    } catch {
      throw invalid(`invalid mount config for type "bind": bind source path does not exist: ${source}`);
    }
    const propagation = mount.BindOptions?.Propagation || 'rprivate';
    if (!['private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave'].includes(propagation)) {
      throw invalid(`invalid mount config for type "bind": invalid propagation mode: ${propagation}`);
    }
    return { destination, type: 'bind', source: normalize(source), options: bindOptions(mount.ReadOnly === true, propagation) };
  }
  if (type === 'tmpfs') {
    if (source !== '') throw invalid(`invalid mount config for type "tmpfs": field Source must not be specified`);
    const destination = checkMountTarget(mount.Target, type);
    const extra: string[] = [];
    if (mount.TmpfsOptions?.SizeBytes) extra.push(`size=${mount.TmpfsOptions.SizeBytes}`);
    if (mount.TmpfsOptions?.Mode) extra.push(`mode=${mount.TmpfsOptions.Mode.toString(8)}`);
    if (mount.ReadOnly) extra.push('ro');
    return { destination, type: 'tmpfs', source: 'tmpfs', options: mergeTmpfsOptions(['noexec', 'nosuid', 'nodev', 'rprivate', ...extra]) };
  }
  if (type === 'volume') throw invalid(`invalid mount config for type "volume": named volumes are not supported, use type=bind with a host path`);
  throw invalid(`invalid mount config: mount type unknown: "${type}"`);
}

function checkMountTarget(target: string, type: string): string {
  if (!target) throw invalid(`invalid mount config for type "${type}": field Target must not be empty`);
  if (!isAbsolute(target)) throw invalid(`invalid mount config for type "${type}": invalid mount path: '${target}' mount path must be absolute`);
  const clean = normalize(target).replace(/(.)\/+$/, '$1');
  if (clean === '/') throw invalid(`invalid mount config for type "${type}": invalid specification: destination can't be '/'`);
  return clean;
}
