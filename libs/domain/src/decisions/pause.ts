/** PauseContainer / UnpauseContainer (dockerd's checks and texts). */
import type { PauseContainer, UnpauseContainer } from '../commands/user-commands';
import { Errors } from '../errors/messages';
import type { ContainerEvent } from '../events/container-events';
import { containerEvent } from '../events/event-types';
import type { ContainerState } from '../state/container-state';

export const decidePause = (command: PauseContainer, state: ContainerState): ContainerEvent[] => {
  if (!state.exists) throw Errors.noSuchContainer(command.data.container);
  if (!state.State.Running) throw Errors.notRunning(state.id);
  if (state.State.Paused) throw Errors.alreadyPaused(state.id);
  if (state.State.Restarting) throw Errors.restarting(state.id);
  return [containerEvent('Paused', {})];
};

export const decideUnpause = (command: UnpauseContainer, state: ContainerState): ContainerEvent[] => {
  if (!state.exists) throw Errors.noSuchContainer(command.data.container);
  if (!state.State.Paused) throw Errors.notPaused(state.id);
  return [containerEvent('Unpaused', {})];
};
