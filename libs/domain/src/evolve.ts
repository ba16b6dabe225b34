/**
 * evolve(state, event) → state: applies one stored event. Total and pure: never throws, ignores
 * saga events of a start that is not the current one (decide never emits those).
 */
import type { ContainerEvent, ContainerEventOf } from './events/container-events';
import {
  type ContainerState,
  type CurrentStart,
  type InspectState,
  initialState,
  NO_RESOURCES,
  statusOf,
} from './state/container-state';

type Patch = Partial<Omit<InspectState, 'Status'>>;

/** Applies a change to inspect's State and recomputes Status (dockerd derives it the same way). */
const withState = (
  state: ContainerState,
  patch: Patch,
  removalInProgress = state.removalInProgress,
): ContainerState => {
  const next = { ...state.State, ...patch };
  return { ...state, removalInProgress, State: { ...next, Status: statusOf(next, removalInProgress) } };
};

const withStart = (state: ContainerState, startId: string, change: Partial<CurrentStart>): ContainerState =>
  state.currentStart?.startId === startId
    ? { ...state, currentStart: { ...state.currentStart, ...change } }
    : state;

const isCurrent = (state: ContainerState, startId: string): boolean =>
  state.currentStart?.startId === startId;

/** dockerd's SetStopped: keeps ExitCode unless given; FinishedAt unless given. */
const stopped = (patch: Patch = {}): Patch => ({
  Running: false,
  Paused: false,
  Restarting: false,
  Pid: 0,
  ...patch,
});

const created = ({ data }: ContainerEventOf<'ContainerCreated'>): ContainerState => ({
  ...initialState,
  exists: true,
  id: data.id,
  name: data.name,
  created: data.createdAt,
  config: data.config,
  hostConfig: data.hostConfig,
});

const startRequested = (
  state: ContainerState,
  { data }: ContainerEventOf<'StartRequested'>,
): ContainerState => ({
  ...state,
  currentStart: { ...data, progress: 'requested' },
  // A user start makes a new restart manager (count, backoff, manual stop reset); a restart-manager
  // start consumes the scheduled restart.
  RestartCount: data.resetRestartManager ? 0 : state.RestartCount,
  restartManager: data.resetRestartManager
    ? { hasBeenManuallyStopped: false, lastDelayMs: 0 }
    : {
        hasBeenManuallyStopped: state.restartManager.hasBeenManuallyStopped,
        lastDelayMs: state.restartManager.lastDelayMs,
      },
});

const startFailed = (state: ContainerState, { data }: ContainerEventOf<'StartFailed'>): ContainerState => {
  if (!isCurrent(state, data.startId)) return state;
  const next = withStart(state, data.startId, {
    progress: 'failed',
    failure: { stage: data.stage, error: data.error, exitCode: data.exitCode },
  });
  const restartManagerStart = state.currentStart?.resetRestartManager === false;
  // A failed restart-manager start leaves the container stopped (it was 'restarting').
  return withState(
    next,
    restartManagerStart
      ? stopped({ Error: data.error, ExitCode: data.exitCode })
      : { Error: data.error, ExitCode: data.exitCode },
  );
};

const cleanupCompleted = (
  state: ContainerState,
  { data }: ContainerEventOf<'CleanupCompleted'>,
): ContainerState => {
  if (!isCurrent(state, data.startId)) return state;
  const next = withStart(state, data.startId, {
    progress: 'cleaned-up',
    cleanup: { steps: data.steps, warnings: data.warnings },
  });
  const networkSettings = data.steps.includes('release-network')
    ? {
        sandboxKey: '',
        networks: state.networkSettings.networks.map((e) => ({
          network: e.network,
          ip: '',
          ipPrefixLen: 0,
          gateway: '',
          mac: '',
        })),
      }
    : state.networkSettings;
  return { ...next, resources: NO_RESOURCES, networkSettings };
};

const exited = (state: ContainerState, { data }: ContainerEventOf<'ContainerExited'>): ContainerState => {
  const next =
    state.currentStart?.progress === 'started'
      ? withStart(state, state.currentStart.startId, { progress: 'exited' })
      : state;
  return withState(
    next,
    stopped({ ExitCode: data.exitCode, OOMKilled: data.oomKilled, FinishedAt: data.finishedAt }),
  );
};

export const evolve = (state: ContainerState, event: ContainerEvent): ContainerState => {
  switch (event.type) {
    case 'ContainerCreated':
      return created(event);
    case 'HostConfigReplaced':
      return {
        ...state,
        hostConfig: event.data.hostConfig,
        networkSettings: event.data.networksReset ? { sandboxKey: '', networks: [] } : state.networkSettings,
      };
    case 'StartRequested':
      return startRequested(state, event);
    case 'MountCompleted':
      if (!isCurrent(state, event.data.startId)) return state;
      return {
        ...withStart(state, event.data.startId, { progress: 'mounted' }),
        resources: {
          ...state.resources,
          mounted: true,
          baseFs: event.data.baseFs,
          mounts: event.data.mounts,
        },
      };
    case 'NetworkInitialized': {
      if (!isCurrent(state, event.data.startId)) return state;
      const { mode, sandboxKey, endpoints } = event.data;
      return {
        ...withStart(state, event.data.startId, { progress: 'network-initialized' }),
        resources: { ...state.resources, network: { mode, sandboxKey, endpoints } },
        networkSettings: { sandboxKey, networks: endpoints },
      };
    }
    case 'ContainerStarted':
      if (!isCurrent(state, event.data.startId)) return state;
      // dockerd's SetRunning: clears Error and ExitCode, sets Pid and StartedAt.
      return withState(withStart(state, event.data.startId, { progress: 'started' }), {
        Running: true,
        Paused: false,
        Restarting: false,
        Error: '',
        ExitCode: 0,
        Pid: event.data.pid,
        StartedAt: event.data.startedAt,
      });
    case 'StartFailed':
      return startFailed(state, event);
    case 'CleanupCompleted':
      return cleanupCompleted(state, event);
    case 'ContainerExited':
      return exited(state, event);
    case 'RestartScheduled':
      // dockerd's SetRestarting: Running stays true while the restart waits.
      return withState(
        {
          ...state,
          RestartCount: event.data.restartCount,
          restartManager: { ...state.restartManager, lastDelayMs: event.data.delayMs, scheduled: event.data },
        },
        { Running: true, Restarting: true, Paused: false, Pid: 0 },
      );
    case 'RestartCancelled': {
      const restartManager = {
        hasBeenManuallyStopped: state.restartManager.hasBeenManuallyStopped || event.data.manuallyStopped,
        lastDelayMs: state.restartManager.lastDelayMs,
      };
      const next = { ...state, restartManager };
      return state.State.Restarting && state.restartManager.scheduled !== undefined
        ? withState(next, stopped())
        : next;
    }
    case 'StopRequested':
    case 'Killed':
      return { ...state, restartManager: { ...state.restartManager, hasBeenManuallyStopped: true } };
    case 'Paused':
      return withState(state, { Paused: true });
    case 'Unpaused':
      return withState(state, { Paused: false });
    case 'RemovalRequested':
      return withState({ ...state, removal: event.data }, {}, true);
    case 'ContainerRemoved':
      return { ...initialState, removed: true, id: state.id, name: state.name };
  }
};

/** Folds events into a state (from the initial state unless given). */
export const evolveAll = (
  events: readonly ContainerEvent[],
  from: ContainerState = initialState,
): ContainerState => events.reduce(evolve, from);
