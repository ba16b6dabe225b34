/**
 * The container aggregate's events (design.md §3), stream `container-<id>`. Plain immutable data;
 * every event carries its schemaVersion. Ids and timestamps always come from the command.
 */
import type { ContainerConfig } from '../config/container-config';
import type { HostConfig } from '../config/host-config';
import type { MountRecord, NetworkEndpoint } from './resources';

type Event<T extends string, D> = {
  readonly type: T;
  readonly schemaVersion: 1;
  readonly data: Readonly<D>;
};

/** Where a start failed, in saga order. 'create' / 'start' are the runtime's task create / start. */
export type StartStage = 'mount' | 'network' | 'spec' | 'create' | 'start';

export type ContainerCreated = Event<
  'ContainerCreated',
  {
    id: string;
    /** With the leading '/', as inspect shows it. */
    name: string;
    config: ContainerConfig;
    hostConfig: HostConfig;
    createdAt: string;
  }
>;

export type HostConfigReplaced = Event<
  'HostConfigReplaced',
  {
    hostConfig: HostConfig;
    /** The network mode changed: the old network settings were dropped. */
    networksReset: boolean;
  }
>;

export type StartRequested = Event<
  'StartRequested',
  {
    startId: string;
    /** '' when none. */
    checkpoint: string;
    /** '' means the container's own checkpoint directory. */
    checkpointDir: string;
    /** false when the restart manager starts the container. */
    resetRestartManager: boolean;
    requestedAt: string;
  }
>;

export type MountCompleted = Event<
  'MountCompleted',
  { startId: string; baseFs: string; mounts: readonly MountRecord[] }
>;

export type NetworkInitialized = Event<
  'NetworkInitialized',
  {
    startId: string;
    /** The effective mode ('default' resolved by the lifecycle, e.g. to 'bridge'). */
    mode: string;
    /** Network namespace path ('' for host mode). */
    sandboxKey: string;
    endpoints: readonly NetworkEndpoint[];
  }
>;

export type ContainerStarted = Event<'ContainerStarted', { startId: string; pid: number; startedAt: string }>;

export type StartFailed = Event<
  'StartFailed',
  {
    startId: string;
    stage: StartStage;
    /** As the user sees it (State.Error), hint included. */
    error: string;
    /** State.ExitCode after the failure (127 / 126 / 128, or the previous exit code, as dockerd). */
    exitCode: number;
  }
>;

/** Names of the compensation steps, in the seed's Cleanup order (see cleanupPlan). */
export type CleanupStep =
  | 'release-network'
  | 'unmount-ipc'
  | 'unmount-rootfs'
  | 'unmount-secrets'
  | 'unregister-execs'
  | 'unmount-volumes'
  | 'cancel-attach';

export type CleanupCompleted = Event<
  'CleanupCompleted',
  { startId: string; steps: readonly CleanupStep[]; warnings: readonly string[] }
>;

export type ContainerExited = Event<
  'ContainerExited',
  { exitCode: number; oomKilled: boolean; finishedAt: string; pid?: number }
>;

export type RestartScheduled = Event<
  'RestartScheduled',
  {
    /** RestartCount from now on (dockerd counts the restart when it schedules it). */
    restartCount: number;
    delayMs: number;
    /** When the restart manager should start the container. */
    dueAt: string;
  }
>;

export type RestartCancelled = Event<
  'RestartCancelled',
  {
    /** 'stop' | 'kill' | 'remove' (user), or the saga's reason. */
    reason: string;
    /** A user stop/kill: also sets hasBeenManuallyStopped. */
    manuallyStopped: boolean;
  }
>;

export type StopRequested = Event<'StopRequested', { signal: number; timeoutSeconds: number }>;
export type Killed = Event<'Killed', { signal: number }>;
export type Paused = Event<'Paused', Record<string, never>>;
export type Unpaused = Event<'Unpaused', Record<string, never>>;
export type RemovalRequested = Event<'RemovalRequested', { force: boolean; removeVolumes: boolean }>;
export type ContainerRemoved = Event<'ContainerRemoved', { force: boolean; removeVolumes: boolean }>;

export type ContainerEvent =
  | ContainerCreated
  | HostConfigReplaced
  | StartRequested
  | MountCompleted
  | NetworkInitialized
  | ContainerStarted
  | StartFailed
  | CleanupCompleted
  | ContainerExited
  | RestartScheduled
  | RestartCancelled
  | StopRequested
  | Killed
  | Paused
  | Unpaused
  | RemovalRequested
  | ContainerRemoved;

export type ContainerEventType = ContainerEvent['type'];
export type ContainerEventOf<T extends ContainerEventType> = Extract<ContainerEvent, { type: T }>;
