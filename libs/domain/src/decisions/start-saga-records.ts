/**
 * The start saga's outcomes. Idempotent: a record for another start than the current one, or for
 * a step already recorded, decides []. A record that skips a step is a lifecycle bug: Conflict
 * (reason 'out_of_order').
 */
import type {
  RecordCleanupCompleted,
  RecordContainerStarted,
  RecordMountCompleted,
  RecordNetworkInitialized,
  RecordStartFailed,
} from '../commands/saga-commands';
import { invalidParameter } from '../errors/domain-error';
import { Errors } from '../errors/messages';
import type { ContainerEvent } from '../events/container-events';
import { containerEvent } from '../events/event-types';
import { DEFAULT_START_EXIT_CODE, mapRuntimeError } from '../exit-code';
import type { ContainerState, StartProgress } from '../state/container-state';
import { parseTimestamp } from '../time';

const ORDER: Readonly<Record<StartProgress, number>> = {
  requested: 0,
  mounted: 1,
  'network-initialized': 2,
  started: 3,
  failed: 4,
  exited: 4,
  'cleaned-up': 5,
};

/**
 * 'record' when the current start is exactly at `expected`; 'ignore' when the record is for another
 * start or its step is past; throws when the start has not reached `expected` yet.
 */
const check = (
  state: ContainerState,
  startId: string,
  expected: readonly StartProgress[],
  what: string,
): 'record' | 'ignore' => {
  const start = state.currentStart;
  if (!state.exists || start === undefined || start.startId !== startId) return 'ignore';
  if (expected.includes(start.progress)) return 'record';
  if (ORDER[start.progress] < Math.min(...expected.map((p) => ORDER[p]))) {
    throw Errors.outOfOrder(`${what} for start ${startId} arrived while the start is at '${start.progress}'`);
  }
  return 'ignore';
};

export const decideMountCompleted = (
  command: RecordMountCompleted,
  state: ContainerState,
): ContainerEvent[] => {
  const { startId, baseFs, mounts } = command.data;
  if (check(state, startId, ['requested'], 'MountCompleted') === 'ignore') return [];
  return [containerEvent('MountCompleted', { startId, baseFs, mounts })];
};

export const decideNetworkInitialized = (
  command: RecordNetworkInitialized,
  state: ContainerState,
): ContainerEvent[] => {
  const { startId, mode, sandboxKey, endpoints } = command.data;
  if (check(state, startId, ['mounted'], 'NetworkInitialized') === 'ignore') return [];
  return [containerEvent('NetworkInitialized', { startId, mode, sandboxKey, endpoints })];
};

export const decideContainerStarted = (
  command: RecordContainerStarted,
  state: ContainerState,
): ContainerEvent[] => {
  const { startId, pid, startedAt } = command.data;
  if (check(state, startId, ['network-initialized'], 'ContainerStarted') === 'ignore') return [];
  if (!Number.isInteger(pid) || pid <= 0) throw invalidParameter(`invalid pid: ${pid}`);
  parseTimestamp('startedAt', startedAt);
  return [containerEvent('ContainerStarted', { startId, pid, startedAt })];
};

/**
 * The exit code dockerd leaves: the runtime-error mapping for 'create'/'start' (127 / 126 / 127 +
 * hint); otherwise the previous exit code if not 0, else 128. A failed restart-manager start
 * leaves the container stopped with the exit status of the run that exited.
 */
export const decideStartFailed = (command: RecordStartFailed, state: ContainerState): ContainerEvent[] => {
  const { startId, stage, error } = command.data;
  if (check(state, startId, ['requested', 'mounted', 'network-initialized'], 'StartFailed') === 'ignore')
    return [];
  const mapped =
    stage === 'create' || stage === 'start'
      ? mapRuntimeError(state.config.path, error)
      : { exitCode: DEFAULT_START_EXIT_CODE, message: error };
  const previous = state.State.ExitCode;
  let exitCode = mapped.exitCode;
  if (state.currentStart?.resetRestartManager === false) exitCode = previous;
  else if (mapped.exitCode === DEFAULT_START_EXIT_CODE && previous !== 0) exitCode = previous;
  return [containerEvent('StartFailed', { startId, stage, error: mapped.message, exitCode })];
};

export const decideCleanupCompleted = (
  command: RecordCleanupCompleted,
  state: ContainerState,
): ContainerEvent[] => {
  const { startId, steps, warnings } = command.data;
  if (check(state, startId, ['failed', 'exited'], 'CleanupCompleted') === 'ignore') return [];
  return [containerEvent('CleanupCompleted', { startId, steps, warnings })];
};
