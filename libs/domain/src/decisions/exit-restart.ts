/**
 * The runtime's exits and the restart manager. An exit decides ContainerExited and, when the
 * policy says so, RestartScheduled (dockerd counts the restart when it schedules it).
 */
import type {
  CancelRestart,
  RecordContainerExited,
  RecordContainerRemoved,
  ScheduleRestart,
} from '../commands/saga-commands';
import { invalidParameter } from '../errors/domain-error';
import { Errors } from '../errors/messages';
import type { ContainerEvent } from '../events/container-events';
import { containerEvent } from '../events/event-types';
import { nextRestartDelay, shouldRestart } from '../restart-policy';
import { type ContainerState, isStartInFlight, ZERO_TIME } from '../state/container-state';
import { addMilliseconds, parseTimestamp } from '../time';

/** A restart for a container that has stopped with `exitCode`, or undefined. */
const restartFor = (
  state: ContainerState,
  exitCode: number,
  ranForMs: number,
  from: string,
): ContainerEvent | undefined => {
  const { hasBeenManuallyStopped, lastDelayMs } = state.restartManager;
  // A user stop/kill cancels the restart manager; so does a removal.
  if (hasBeenManuallyStopped || state.removalInProgress) return undefined;
  if (!shouldRestart(state.hostConfig.restartPolicy, exitCode, state.RestartCount, hasBeenManuallyStopped))
    return undefined;
  const delayMs = nextRestartDelay(lastDelayMs, ranForMs);
  return containerEvent('RestartScheduled', {
    restartCount: state.RestartCount + 1,
    delayMs,
    dueAt: addMilliseconds('restart time', from, delayMs),
  });
};

const ranFor = (startedAt: string, finishedAt: string): number =>
  startedAt === ZERO_TIME
    ? 0
    : Math.max(0, parseTimestamp('finishedAt', finishedAt) - parseTimestamp('startedAt', startedAt));

export const decideContainerExited = (
  command: RecordContainerExited,
  state: ContainerState,
): ContainerEvent[] => {
  const { exitCode, oomKilled, finishedAt, pid } = command.data;
  // Not running (a duplicate), restarting (no task), or another task's exit: stale.
  if (!state.exists || !state.State.Running || state.State.Restarting) return [];
  if (pid !== undefined && pid !== state.State.Pid) return [];
  if (!Number.isInteger(exitCode) || exitCode < 0) throw invalidParameter(`invalid exit code: ${exitCode}`);
  const exited = containerEvent(
    'ContainerExited',
    pid === undefined ? { exitCode, oomKilled, finishedAt } : { exitCode, oomKilled, finishedAt, pid },
  );
  const restart = restartFor(state, exitCode, ranFor(state.State.StartedAt, finishedAt), finishedAt);
  return restart === undefined ? [exited] : [exited, restart];
};

export const decideScheduleRestart = (command: ScheduleRestart, state: ContainerState): ContainerEvent[] => {
  const { requestedAt } = command.data;
  parseTimestamp('requestedAt', requestedAt);
  // Only a container that ran and stopped, with nothing else going on.
  if (!state.exists || state.State.Running || state.State.StartedAt === ZERO_TIME || isStartInFlight(state))
    return [];
  const restart = restartFor(
    state,
    state.State.ExitCode,
    ranFor(state.State.StartedAt, state.State.FinishedAt),
    requestedAt,
  );
  return restart === undefined ? [] : [restart];
};

export const decideCancelRestart = (command: CancelRestart, state: ContainerState): ContainerEvent[] => {
  if (!state.exists || state.restartManager.scheduled === undefined) return [];
  return [containerEvent('RestartCancelled', { reason: command.data.reason, manuallyStopped: false })];
};

export const decideContainerRemoved = (
  _command: RecordContainerRemoved,
  state: ContainerState,
): ContainerEvent[] => {
  if (!state.exists) return [];
  if (!state.removalInProgress || state.removal === undefined) {
    throw Errors.outOfOrder(`ContainerRemoved for container ${state.id} without RemovalRequested`);
  }
  if (state.State.Running)
    throw Errors.outOfOrder(`ContainerRemoved for container ${state.id} while it is running`);
  return [containerEvent('ContainerRemoved', state.removal)];
};
