import type { CleanupStep } from './cleanup-runner';

/** The seed's cleanup order (daemon.Cleanup in moby's start.go). */
export const CLEANUP_ORDER = [
  'release-network',
  'unmount-ipc',
  'unmount-rootfs',
  'unmount-secrets',
  'unregister-execs',
  'unmount-volumes',
  'cancel-attach',
] as const;

export type CleanupStepName = (typeof CLEANUP_ORDER)[number];

/** What a (possibly partial) start acquired, as recorded by its events. */
export interface Acquired {
  readonly network?: boolean;
  readonly ipc?: boolean;
  readonly rootfs?: boolean;
  readonly secrets?: boolean;
  readonly volumes?: boolean;
  /** The mounted base fs (MountCompleted.baseFs); volumes are unmounted only when it is set, as in the seed. */
  readonly baseFs?: string;
}

/** The release functions, by step; the lifecycle supplies exec registrations and attach. */
export type Releases = Partial<Record<CleanupStepName, () => Promise<unknown>>>;

/**
 * The seed-ordered steps for what was acquired. Steps without a release function are left out;
 * `unregister-execs` and `cancel-attach` run whenever they are given; `unmount-volumes` only when
 * a base fs was mounted.
 */
export function planCleanup(acquired: Acquired, releases: Releases): CleanupStep[] {
  const wanted: Record<CleanupStepName, boolean> = {
    'release-network': acquired.network === true,
    'unmount-ipc': acquired.ipc === true,
    'unmount-rootfs': acquired.rootfs === true,
    'unmount-secrets': acquired.secrets === true,
    'unregister-execs': true,
    'unmount-volumes': acquired.volumes === true && Boolean(acquired.baseFs),
    'cancel-attach': true,
  };
  const steps: CleanupStep[] = [];
  for (const name of CLEANUP_ORDER) {
    const release = releases[name];
    if (wanted[name] && release) steps.push({ name, release });
  }
  return steps;
}
