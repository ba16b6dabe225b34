import type { MountSpec } from '@berth/runtime';
import { assertSafeId } from '../support/container-id';

/**
 * IPC/shm mounts. dockerd mounts a per-container /dev/shm tmpfs itself (and unmounts it in
 * UnmountIpcMounts); with containerd the OCI spec's /dev/shm tmpfs (sized by HostConfig.ShmSize)
 * is mounted by runc inside the container's mount namespace and vanishes with it. So there is
 * nothing to acquire or release on the host: this port exists only so the cleanup order
 * (`unmount-ipc` between network and rootfs) stays explicit and recorded.
 */
export interface IpcMounts {
  /** No host mounts: the runtime's spec carries /dev/shm. Returns []. */
  acquire(containerId: string): Promise<MountSpec[]>;
  /** Nothing to unmount. Idempotent. */
  release(containerId: string): Promise<void>;
}

export class RuntimeIpcMounts implements IpcMounts {
  async acquire(containerId: string): Promise<MountSpec[]> {
    assertSafeId(containerId, 'container id');
    return [];
  }

  async release(containerId: string): Promise<void> {
    assertSafeId(containerId, 'container id');
  }
}
