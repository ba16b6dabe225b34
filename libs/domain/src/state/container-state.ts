/**
 * The container aggregate's state: what `docker inspect` shows (State, RestartCount, Config,
 * HostConfig, NetworkSettings) plus what the lifecycle needs (the current start, acquired resources,
 * removal, the restart manager's memory). Built only by evolve.
 */
import type { ContainerConfig } from '../config/container-config';
import type { HostConfig } from '../config/host-config';
import { normalizeHostConfig } from '../config/normalize-host-config';
import type { CleanupStep, StartStage } from '../events/container-events';
import type { MountRecord, NetworkEndpoint } from '../events/resources';

export const ZERO_TIME = '0001-01-01T00:00:00Z';

export type ContainerStatus =
  'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

/** inspect's `State`, Docker-cased so it can be served as is. */
export interface InspectState {
  readonly Status: ContainerStatus;
  /** Also true while paused or restarting (as dockerd). */
  readonly Running: boolean;
  readonly Paused: boolean;
  readonly Restarting: boolean;
  readonly OOMKilled: boolean;
  readonly Dead: boolean;
  readonly Pid: number;
  readonly ExitCode: number;
  readonly Error: string;
  readonly StartedAt: string;
  readonly FinishedAt: string;
}

/**
 * How far the current start got. In saga order: requested → mounted → network-initialized →
 * started → exited → cleaned-up, or requested/mounted/network-initialized → failed → cleaned-up.
 */
export type StartProgress =
  'requested' | 'mounted' | 'network-initialized' | 'started' | 'failed' | 'exited' | 'cleaned-up';

/** The latest start of the container (kept after it ends, until the next one). */
export interface CurrentStart {
  readonly startId: string;
  readonly checkpoint: string;
  readonly checkpointDir: string;
  readonly resetRestartManager: boolean;
  readonly requestedAt: string;
  readonly progress: StartProgress;
  readonly failure?: { readonly stage: StartStage; readonly error: string; readonly exitCode: number };
  readonly cleanup?: { readonly steps: readonly CleanupStep[]; readonly warnings: readonly string[] };
}

/** What is acquired on the host right now (released by CleanupCompleted). */
export interface AcquiredResources {
  /** The rootfs (base fs) is mounted. */
  readonly mounted: boolean;
  readonly baseFs: string;
  readonly mounts: readonly MountRecord[];
  /** Networking is initialized (a sandbox exists). */
  readonly network?: {
    readonly mode: string;
    readonly sandboxKey: string;
    readonly endpoints: readonly NetworkEndpoint[];
  };
}

export interface RestartManagerMemory {
  /** A user stop/kill since the last user start: no policy restart (unless-stopped also at boot). */
  readonly hasBeenManuallyStopped: boolean;
  /** The last backoff delay (0 after a user start). */
  readonly lastDelayMs: number;
  /** A restart waiting for its time (status 'restarting'). */
  readonly scheduled?: { readonly restartCount: number; readonly delayMs: number; readonly dueAt: string };
}

/** inspect's NetworkSettings, reduced to what berth has. */
export interface NetworkSettings {
  readonly sandboxKey: string;
  readonly networks: readonly NetworkEndpoint[];
}

export interface ContainerState {
  /** ContainerCreated seen and ContainerRemoved not. */
  readonly exists: boolean;
  /** ContainerRemoved seen: the stream is closed. */
  readonly removed: boolean;
  readonly id: string;
  /** With the leading '/'. */
  readonly name: string;
  readonly created: string;
  readonly config: ContainerConfig;
  readonly hostConfig: HostConfig;
  readonly State: InspectState;
  readonly RestartCount: number;
  readonly networkSettings: NetworkSettings;
  readonly currentStart?: CurrentStart;
  readonly resources: AcquiredResources;
  readonly removalInProgress: boolean;
  /** What RemovalRequested asked for (while removalInProgress). */
  readonly removal?: { readonly force: boolean; readonly removeVolumes: boolean };
  readonly restartManager: RestartManagerMemory;
}

/** dockerd's State.StateString(). */
export const statusOf = (s: Omit<InspectState, 'Status'>, removalInProgress: boolean): ContainerStatus => {
  if (s.Running) {
    if (s.Paused) return 'paused';
    if (s.Restarting) return 'restarting';
    return 'running';
  }
  if (removalInProgress) return 'removing';
  if (s.Dead) return 'dead';
  if (s.StartedAt === ZERO_TIME) return 'created';
  return 'exited';
};

const initialInspectState: InspectState = {
  Status: 'created',
  Running: false,
  Paused: false,
  Restarting: false,
  OOMKilled: false,
  Dead: false,
  Pid: 0,
  ExitCode: 0,
  Error: '',
  StartedAt: ZERO_TIME,
  FinishedAt: ZERO_TIME,
};

export const NO_RESOURCES: AcquiredResources = { mounted: false, baseFs: '', mounts: [] };

/** The state of a stream with no events. */
export const initialState: ContainerState = {
  exists: false,
  removed: false,
  id: '',
  name: '',
  created: ZERO_TIME,
  config: {
    image: '',
    entrypoint: [],
    cmd: [],
    path: '',
    args: [],
    env: [],
    workingDir: '',
    user: '',
    labels: {},
    tty: false,
    hostname: '',
  },
  hostConfig: normalizeHostConfig({}),
  State: initialInspectState,
  RestartCount: 0,
  networkSettings: { sandboxKey: '', networks: [] },
  resources: NO_RESOURCES,
  removalInProgress: false,
  restartManager: { hasBeenManuallyStopped: false, lastDelayMs: 0 },
};

/** A start saga is between StartRequested and ContainerStarted / StartFailed. */
export const isStartInFlight = (state: ContainerState): boolean => {
  const progress = state.currentStart?.progress;
  return progress === 'requested' || progress === 'mounted' || progress === 'network-initialized';
};

/** The current start failed or its container exited, and CleanupCompleted is not recorded yet. */
export const isCleanupPending = (state: ContainerState): boolean => {
  const progress = state.currentStart?.progress;
  return progress === 'failed' || progress === 'exited';
};
