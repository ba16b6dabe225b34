import { mkdir, rm } from 'node:fs/promises';
import { HostResourceError, errorMessage } from '../errors';
import { unmountAllUnder } from '../support/unmount';
import { containerPaths, type ContainerPaths } from './container-paths';

/**
 * The container directory port: `<dataDir>/containers/<id>/`. For the process runtime its
 * `rootfs` subdirectory is the base fs (nothing is mounted); with images the OverlayRootfs
 * mounts the merged view in the same directory.
 */
export interface ContainerFs {
  paths(id: string): ContainerPaths;
  /** `<dataDir>/containers/<id>/<id>-json.log`. */
  logPath(id: string): string;
  /** Creates the container dir and `rootfs/`; idempotent. Returns the base fs. */
  prepare(id: string): Promise<{ baseFs: string }>;
  /** Releases the base fs of the process runtime: nothing is mounted, so nothing to undo. Idempotent. */
  release(id: string): Promise<void>;
  /**
   * Deletes the whole container dir. First unmounts anything still mounted under it (so a
   * forgotten bind mount can never make the delete reach into host files). Missing = done.
   */
  remove(id: string): Promise<void>;
}

export class LocalContainerFs implements ContainerFs {
  constructor(private readonly dataDir: string) {}

  paths(id: string): ContainerPaths {
    return containerPaths(this.dataDir, id);
  }

  logPath(id: string): string {
    return this.paths(id).logPath;
  }

  async prepare(id: string): Promise<{ baseFs: string }> {
    const paths = this.paths(id);
    try {
      await mkdir(paths.rootfs, { recursive: true, mode: 0o755 });
    } catch (error) {
      throw new HostResourceError(
        `cannot create the container directory ${paths.rootfs}: ${errorMessage(error)} (check the data dir ${this.dataDir})`,
        'mount',
        'system',
        { cause: error },
      );
    }
    return { baseFs: paths.rootfs };
  }

  async release(id: string): Promise<void> {
    this.paths(id); // validates the id; a plain directory holds no mount
  }

  async remove(id: string): Promise<void> {
    const paths = this.paths(id);
    await unmountAllUnder(paths.dir);
    await rm(paths.dir, { recursive: true, force: true });
  }
}
