/** StartContainer: design.md §2 rules 1–9, in order. */
import type { DecideContext } from '../commands/container-command';
import type { StartContainer } from '../commands/user-commands';
import { adaptHostConfig, normalizeHostConfig } from '../config/normalize-host-config';
import type { HostConfig, HostConfigInput } from '../config/host-config';
import { verifyIncomingHostConfig } from '../config/start-options';
import { verifyHostConfig } from '../config/verify-host-config';
import { Errors } from '../errors/messages';
import type { ContainerEvent } from '../events/container-events';
import { containerEvent } from '../events/event-types';
import { type ContainerState, isCleanupPending, isStartInFlight } from '../state/container-state';
import { parseTimestamp } from '../time';

/** Rule 5 (Linux): the replacement host config, or the 5w refusal on Windows. */
const replaceHostConfig = (
  command: StartContainer,
  state: ContainerState,
  context: DecideContext,
): { given: HostConfigInput; hostConfig: HostConfig; networksReset: boolean } | undefined => {
  const given = command.data.hostConfig;
  if (given === undefined) return undefined;
  if (context.platform === 'windows') throw Errors.hostConfigOnStartWindows();
  verifyIncomingHostConfig(given);
  const hostConfig = normalizeHostConfig(given);
  const networksReset = hostConfig.networkMode !== state.hostConfig.networkMode;
  return { given, hostConfig, networksReset };
};

export const decideStart = (
  command: StartContainer,
  state: ContainerState,
  context: DecideContext,
): ContainerEvent[] => {
  const { container, startId, checkpoint = '', checkpointDir = '', requestedAt } = command.data;
  const resetRestartManager = command.data.resetRestartManager ?? true;
  // 1. checkpoint needs an experimental daemon
  if (checkpoint !== '' && !context.experimental) throw Errors.checkpointNotExperimental();
  // 2. no such container
  if (!state.exists) throw Errors.noSuchContainer(container);
  parseTimestamp('requestedAt', requestedAt);
  // The same start delivered again; or a restart-manager start whose restart was cancelled or already taken.
  if (state.currentStart?.startId === startId) return [];
  if (!resetRestartManager && state.restartManager.scheduled === undefined) return [];
  // 3. paused
  if (state.State.Paused) throw Errors.startPaused();
  // 4. running (skipped for the restart manager's starts: a restarting container counts as running)
  if (resetRestartManager && state.State.Running) throw Errors.alreadyStarted();
  // dockerd serialises starts and cleanups with the container lock; here the caller waits and retries.
  if (isStartInFlight(state)) throw Errors.busyStarting(state.id);
  if (isCleanupPending(state)) throw Errors.busyCleaningUp(state.id);
  // 5 / 5w. host config given on start
  const replaced = replaceHostConfig(command, state, context);
  // 6. verify the (new) host config for this host
  verifyHostConfig(replaced?.given ?? state.hostConfig);
  // 7. adapt (fill defaults) when a host config was given
  const events: ContainerEvent[] = [];
  if (replaced !== undefined) {
    const hostConfig = adaptHostConfig(replaced.hostConfig);
    events.push(containerEvent('HostConfigReplaced', { hostConfig, networksReset: replaced.networksReset }));
  }
  // 8. removal in progress or dead
  if (state.removalInProgress || state.State.Dead) throw Errors.markedForRemoval();
  // 9. start
  events.push(
    containerEvent('StartRequested', {
      startId,
      checkpoint,
      checkpointDir,
      resetRestartManager,
      requestedAt,
    }),
  );
  return events;
};
