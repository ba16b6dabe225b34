/** RemoveContainer (dockerd 20.10's ContainerRm / cleanupContainer checks and texts). */
import type { RemoveContainer } from '../commands/user-commands';
import { Errors } from '../errors/messages';
import type { ContainerEvent } from '../events/container-events';
import { containerEvent } from '../events/event-types';
import { SIGKILL } from '../signals';
import { type ContainerState, isCleanupPending, isStartInFlight } from '../state/container-state';

export const decideRemove = (command: RemoveContainer, state: ContainerState): ContainerEvent[] => {
  const { container, force, removeVolumes } = command.data;
  if (!state.exists) throw Errors.noSuchContainer(container);
  if (state.removalInProgress) throw Errors.removalInProgress(container);
  if (isStartInFlight(state)) throw Errors.busyStarting(state.id);
  if (isCleanupPending(state) && !state.State.Running) throw Errors.busyCleaningUp(state.id);
  const events: ContainerEvent[] = [];
  if (state.State.Running) {
    if (!force) throw Errors.removeRunning(state.State.Status, state.id);
    events.push(containerEvent('RemovalRequested', { force, removeVolumes }));
    events.push(
      state.restartManager.scheduled !== undefined
        ? containerEvent('RestartCancelled', { reason: 'remove', manuallyStopped: true })
        : containerEvent('Killed', { signal: SIGKILL }),
    );
    return events;
  }
  return [containerEvent('RemovalRequested', { force, removeVolumes })];
};
