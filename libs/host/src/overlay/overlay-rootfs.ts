import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { HostResourceError, errorMessage } from '../errors';
import type { ImageStore } from '../image/image';
import { containerPaths, type ContainerPaths } from '../container/container-paths';
import { writeFileAtomic } from '../support/atomic-write';
import { runCommand } from '../support/exec';
import { isMountPoint, mountsUnder } from '../support/mountinfo';
import { unmount, unmountAllUnder } from '../support/unmount';

/**
 * A container's root filesystem from an image: the image layer (read-only lowerdir), the
 * container's writable `upper/` and `work/`, mounted as overlay on `<dataDir>/containers/<id>/merged`.
 */
export interface OverlayRootfs {
  /** At create: makes upper/work/merged and records the image layer. Idempotent. */
  prepare(containerId: string, imageId: string): Promise<void>;
  /** At start (mount step): mounts the overlay; already mounted = done. Returns the merged dir (BaseFS). */
  mount(containerId: string): Promise<{ baseFs: string }>;
  /**
   * At cleanup: unmounts the merged dir; when that fails or anything else is still mounted under
   * the container dir, unmounts every mount under it (the seed's fallback) and says so. Never
   * prepared / not mounted = done.
   */
  unmount(containerId: string): Promise<{ fallback: boolean; unmounted: string[] }>;
  /** With the container: unmounts, then deletes upper/work/merged and the record. Idempotent. */
  remove(containerId: string): Promise<void>;
}

interface OverlayConfig {
  readonly imageId: string;
  readonly lowerDir: string;
}

/** Characters that would break overlay's comma/colon separated mount options. */
const UNSAFE_OPTION_CHARS = /[,:\\\s]/;

export class KernelOverlayRootfs implements OverlayRootfs {
  constructor(
    private readonly dataDir: string,
    private readonly images: ImageStore,
  ) {}

  async prepare(containerId: string, imageId: string): Promise<void> {
    const paths = containerPaths(this.dataDir, containerId);
    const image = await this.images.get(imageId);
    if (!image) throw new HostResourceError(`No such image: ${imageId}`, 'mount', 'not_found');
    const config: OverlayConfig = { imageId: image.id, lowerDir: this.images.layerPath(image.id) };
    for (const dir of [paths.upper, paths.work, paths.merged, config.lowerDir]) {
      if (UNSAFE_OPTION_CHARS.test(dir)) {
        throw new HostResourceError(
          `cannot use ${dir} in an overlay mount: the data dir (${this.dataDir}) must not contain ',', ':', '\\' or spaces`,
          'mount',
          'invalid_parameter',
        );
      }
    }
    await mkdir(paths.dir, { recursive: true, mode: 0o710 });
    await Promise.all([paths.upper, paths.work, paths.merged].map((dir) => mkdir(dir, { recursive: true, mode: 0o755 })));
    await writeFileAtomic(paths.overlayConfig, `${JSON.stringify(config)}\n`);
  }

  async mount(containerId: string): Promise<{ baseFs: string }> {
    const paths = containerPaths(this.dataDir, containerId);
    if (await isMountPoint(paths.merged)) return { baseFs: paths.merged };
    const config = await this.readConfig(paths);
    try {
      await stat(config.lowerDir);
    } catch {
      throw new HostResourceError(
        `the image layer ${config.lowerDir} of ${config.imageId} is missing: re-import the image`,
        'mount',
        'not_found',
      );
    }
    const options = `lowerdir=${config.lowerDir},upperdir=${paths.upper},workdir=${paths.work}`;
    const result = await runCommand('mount', ['-t', 'overlay', 'overlay', '-o', options, paths.merged], { timeoutMs: 30_000 });
    if (result.code !== 0) {
      const text = (result.stderr.trim() || result.stdout.trim()).replace(/\s+/g, ' ');
      throw new HostResourceError(`error mounting the overlay rootfs on ${paths.merged} (${options}): ${text}`, 'mount', 'system');
    }
    return { baseFs: paths.merged };
  }

  async unmount(containerId: string): Promise<{ fallback: boolean; unmounted: string[] }> {
    const paths = containerPaths(this.dataDir, containerId);
    let failure: unknown;
    try {
      await unmount(paths.merged);
    } catch (error) {
      failure = error;
    }
    const left = await mountsUnder(paths.dir);
    if (failure === undefined && left.length === 0) return { fallback: false, unmounted: [] };
    try {
      return { fallback: true, unmounted: await unmountAllUnder(paths.dir) };
    } catch (error) {
      const first = failure === undefined ? '' : `${errorMessage(failure)}; `;
      throw new Error(`unmount of the rootfs of ${containerId} failed: ${first}${errorMessage(error)}`, { cause: error });
    }
  }

  async remove(containerId: string): Promise<void> {
    const paths = containerPaths(this.dataDir, containerId);
    await this.unmount(containerId);
    for (const path of [paths.merged, paths.work, paths.upper, paths.overlayConfig]) {
      await rm(path, { recursive: true, force: true });
    }
  }

  private async readConfig(paths: ContainerPaths): Promise<OverlayConfig> {
    let text: string;
    try {
      text = await readFile(paths.overlayConfig, 'utf8');
    } catch (error) {
      throw new HostResourceError(
        `the container's rootfs was not prepared (${paths.overlayConfig}: ${errorMessage(error)}); create the container from an image first`,
        'mount',
        'not_found',
        { cause: error },
      );
    }
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || !('imageId' in parsed) || !('lowerDir' in parsed)) {
      throw new HostResourceError(`the rootfs record ${paths.overlayConfig} is corrupted`, 'mount', 'system');
    }
    const { imageId, lowerDir } = parsed;
    if (typeof imageId !== 'string' || typeof lowerDir !== 'string') {
      throw new HostResourceError(`the rootfs record ${paths.overlayConfig} is corrupted`, 'mount', 'system');
    }
    return { imageId, lowerDir };
  }
}
