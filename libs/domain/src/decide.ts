/**
 * decide(command, state, context) → events. Pure: throws DomainError when the command is refused;
 * [] when it changes nothing (a saga-facing record delivered again).
 */
import type { ContainerCommand, DecideContext } from './commands/container-command';
import { decideCreate } from './decisions/create';
import {
  decideCancelRestart,
  decideContainerExited,
  decideContainerRemoved,
  decideScheduleRestart,
} from './decisions/exit-restart';
import { decidePause, decideUnpause } from './decisions/pause';
import { decideRemove } from './decisions/remove';
import { decideStart } from './decisions/start';
import {
  decideCleanupCompleted,
  decideContainerStarted,
  decideMountCompleted,
  decideNetworkInitialized,
  decideStartFailed,
} from './decisions/start-saga-records';
import { decideKill, decideStop } from './decisions/stop-kill';
import type { ContainerEvent } from './events/container-events';
import type { ContainerState } from './state/container-state';

export const decide = (
  command: ContainerCommand,
  state: ContainerState,
  context: DecideContext,
): ContainerEvent[] => {
  switch (command.type) {
    case 'CreateContainer':
      return decideCreate(command, state);
    case 'StartContainer':
      return decideStart(command, state, context);
    case 'StopContainer':
      return decideStop(command, state);
    case 'KillContainer':
      return decideKill(command, state);
    case 'PauseContainer':
      return decidePause(command, state);
    case 'UnpauseContainer':
      return decideUnpause(command, state);
    case 'RemoveContainer':
      return decideRemove(command, state);
    case 'RecordMountCompleted':
      return decideMountCompleted(command, state);
    case 'RecordNetworkInitialized':
      return decideNetworkInitialized(command, state);
    case 'RecordContainerStarted':
      return decideContainerStarted(command, state);
    case 'RecordStartFailed':
      return decideStartFailed(command, state);
    case 'RecordCleanupCompleted':
      return decideCleanupCompleted(command, state);
    case 'RecordContainerExited':
      return decideContainerExited(command, state);
    case 'ScheduleRestart':
      return decideScheduleRestart(command, state);
    case 'CancelRestart':
      return decideCancelRestart(command, state);
    case 'RecordContainerRemoved':
      return decideContainerRemoved(command, state);
  }
};
