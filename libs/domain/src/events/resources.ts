/** What the start saga acquires, as recorded in MountCompleted / NetworkInitialized. */

/** One mount made for the container on start. */
export interface MountRecord {
  /**
   * rootfs: the container's root filesystem (also in baseFs); volume / bind: from binds and
   * mounts; tmpfs; secret; ipc: /dev/shm and the other IPC mounts.
   */
  readonly kind: 'rootfs' | 'volume' | 'bind' | 'tmpfs' | 'secret' | 'ipc';
  /** Host path (or volume name, or 'tmpfs'/'shm'). */
  readonly source: string;
  /** Path inside the container ('/' for the rootfs). */
  readonly destination: string;
  readonly readOnly: boolean;
  readonly options: readonly string[];
}

/** The container's endpoint on one network (inspect's NetworkSettings.Networks[network]). */
export interface NetworkEndpoint {
  /** The network's name ('bridge', a user network, ...). */
  readonly network: string;
  readonly ip: string;
  readonly ipPrefixLen: number;
  readonly gateway: string;
  readonly mac: string;
}
