import { planCleanup, type Acquired, type Releases } from './cleanup/cleanup-plan';
import { CleanupRunner, type CleanupReport } from './cleanup/cleanup-runner';
import { LocalContainerFs } from './container/container-fs';
import { LocalImageStore } from './image/local-image-store';
import { RuntimeIpcMounts } from './ipc/ipc-mounts';
import { CniNetwork, type CniNetworkOptions } from './network/cni-network';
import { KernelOverlayRootfs } from './overlay/overlay-rootfs';
import { FileSecrets } from './secrets/secrets';
import { HostVolumes } from './volumes/volumes';

export interface HostResourcesOptions {
  /** berth's data dir: `containers/`, `images/`, `network/` live under it. */
  readonly dataDir: string;
  /** Bridge settings (bridge name, subnet, CNI plugin dir); dataDir is taken from above. */
  readonly network?: Omit<CniNetworkOptions, 'dataDir'>;
  /** Bound of each cleanup step. Default 10 s. */
  readonly cleanupStepTimeoutMs?: number;
}

/** Hooks owned by the lifecycle (exec registrations, attach), run at their place in the seed's order. */
export interface CleanupHooks {
  readonly unregisterExecs?: () => Promise<unknown>;
  readonly cancelAttach?: () => Promise<unknown>;
}

/** All host resources of one data dir, and the seed-ordered cleanup over them. */
export class HostResources {
  readonly containers: LocalContainerFs;
  readonly images: LocalImageStore;
  readonly overlay: KernelOverlayRootfs;
  readonly volumes: HostVolumes;
  readonly secrets: FileSecrets;
  readonly ipc: RuntimeIpcMounts;
  readonly network: CniNetwork;
  readonly cleanupRunner: CleanupRunner;

  constructor(options: HostResourcesOptions) {
    this.containers = new LocalContainerFs(options.dataDir);
    this.images = new LocalImageStore(options.dataDir);
    this.overlay = new KernelOverlayRootfs(options.dataDir, this.images);
    this.volumes = new HostVolumes();
    this.secrets = new FileSecrets(options.dataDir);
    this.ipc = new RuntimeIpcMounts();
    this.network = new CniNetwork({ ...options.network, dataDir: options.dataDir });
    this.cleanupRunner = new CleanupRunner({ stepTimeoutMs: options.cleanupStepTimeoutMs });
  }

  /**
   * Releases what a start acquired, in the seed's order: network, IPC mounts, rootfs (overlay
   * unmount with the unmount-everything-under-the-container fallback; a plain directory has
   * nothing mounted), secrets, exec registrations, volumes (only when a base fs was mounted),
   * attach. Never throws: failures are warnings.
   */
  cleanup(containerId: string, acquired: Acquired, hooks: CleanupHooks = {}): Promise<CleanupReport> {
    return this.cleanupRunner.run(planCleanup(acquired, this.releases(containerId, hooks)));
  }

  /** The release of each cleanup step for one container (the caller picks and orders the steps). */
  releases(containerId: string, hooks: CleanupHooks = {}): Releases {
    return {
      'release-network': () => this.network.release(containerId),
      'unmount-ipc': () => this.ipc.release(containerId),
      'unmount-rootfs': async () => {
        await this.overlay.unmount(containerId);
        await this.containers.release(containerId);
      },
      'unmount-secrets': () => this.secrets.release(containerId),
      'unregister-execs': hooks.unregisterExecs,
      'unmount-volumes': () => this.volumes.release(containerId),
      'cancel-attach': hooks.cancelAttach,
    };
  }
}
