/** StopContainer and KillContainer: a user stop/kill also cancels a scheduled restart. */
import type { KillContainer, StopContainer } from '../commands/user-commands';
import { invalidParameter } from '../errors/domain-error';
import { Errors } from '../errors/messages';
import type { ContainerEvent } from '../events/container-events';
import { containerEvent } from '../events/event-types';
import { parseSignal, SIGKILL, SIGTERM } from '../signals';
import { type ContainerState, isStartInFlight } from '../state/container-state';

export const DEFAULT_STOP_TIMEOUT_SECONDS = 10;

const restartScheduled = (state: ContainerState): boolean => state.restartManager.scheduled !== undefined;

export const decideStop = (command: StopContainer, state: ContainerState): ContainerEvent[] => {
  const { container, signal, timeoutSeconds = DEFAULT_STOP_TIMEOUT_SECONDS } = command.data;
  if (!state.exists) throw Errors.noSuchContainer(container);
  const signalNumber = signal === undefined || signal === '' ? SIGTERM : parseSignal(signal);
  if (!Number.isInteger(timeoutSeconds)) throw invalidParameter(`invalid stop timeout: ${timeoutSeconds}`);
  if (!state.State.Running) throw Errors.alreadyStopped();
  if (isStartInFlight(state)) throw Errors.busyStarting(state.id);
  const events: ContainerEvent[] = [
    containerEvent('StopRequested', { signal: signalNumber, timeoutSeconds }),
  ];
  if (restartScheduled(state))
    events.push(containerEvent('RestartCancelled', { reason: 'stop', manuallyStopped: true }));
  return events;
};

export const decideKill = (command: KillContainer, state: ContainerState): ContainerEvent[] => {
  const { container, signal } = command.data;
  if (!state.exists) throw Errors.noSuchContainer(container);
  const signalNumber = signal === undefined || signal === '' ? SIGKILL : parseSignal(signal);
  if (!state.State.Running) throw Errors.notRunning(state.id);
  if (isStartInFlight(state)) throw Errors.busyStarting(state.id);
  // A restarting container has no process: dockerd only cancels the restart (no 'kill' event).
  if (restartScheduled(state))
    return [containerEvent('RestartCancelled', { reason: 'kill', manuallyStopped: true })];
  return [containerEvent('Killed', { signal: signalNumber })];
};
