import { join, resolve } from 'node:path';
import { assertSafeId } from '../support/container-id';

/** Where one container's files live: `<dataDir>/containers/<id>/…`. */
export interface ContainerPaths {
  /** `<dataDir>/containers/<id>` — removed as a whole with the container. */
  readonly dir: string;
  /** Plain base fs of the process runtime. */
  readonly rootfs: string;
  /** Overlay: writable layer, overlay work dir, mount point of the merged view (BaseFS). */
  readonly upper: string;
  readonly work: string;
  readonly merged: string;
  /** Overlay: which image layer the container was prepared from. */
  readonly overlayConfig: string;
  /** Secret files (0400) in a 0700 directory. */
  readonly secrets: string;
  /** Docker's json-file log: `<id>-json.log`. */
  readonly logPath: string;
}

/** The paths of container `id` under `dataDir`. Throws an invalid-parameter error for an unsafe id. */
export function containerPaths(dataDir: string, id: string): ContainerPaths {
  assertSafeId(id, 'container id');
  const dir = join(resolve(dataDir), 'containers', id);
  return {
    dir,
    rootfs: join(dir, 'rootfs'),
    upper: join(dir, 'upper'),
    work: join(dir, 'work'),
    merged: join(dir, 'merged'),
    overlayConfig: join(dir, 'overlay.json'),
    secrets: join(dir, 'secrets'),
    logPath: join(dir, `${id}-json.log`),
  };
}
