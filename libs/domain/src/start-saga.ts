/**
 * The start saga as data (design.md §6): from the container's state, what the lifecycle must do
 * next for the current start. The lifecycle performs the step and records its outcome with the
 * matching Record* command; after a crash it asks again and continues or compensates.
 */
import type { CleanupStep } from './events/container-events';
import type { ContainerState } from './state/container-state';

export type StartStep =
  /** Mount rootfs, volumes, secrets, IPC/shm → RecordMountCompleted (or RecordStartFailed 'mount'). */
  | { readonly kind: 'mount'; readonly startId: string }
  /** Initialise networking for `networkMode` → RecordNetworkInitialized (or RecordStartFailed 'network'). */
  | { readonly kind: 'network'; readonly startId: string; readonly networkMode: string }
  /**
   * OCI spec, runtime create + start → RecordContainerStarted (or RecordStartFailed 'spec' /
   * 'create' / 'start'). checkpointDir '' means the container's own.
   */
  | {
      readonly kind: 'runtime';
      readonly startId: string;
      readonly checkpoint: string;
      readonly checkpointDir: string;
      readonly resetRestartManager: boolean;
    }
  /** Run the compensations in order → RecordCleanupCompleted with the steps and warnings. */
  | {
      readonly kind: 'cleanup';
      readonly startId: string;
      readonly reason: 'start-failed' | 'exited';
      readonly steps: readonly CleanupStep[];
    }
  /** AutoRemove: send RemoveContainer { force: true, removeVolumes: true }. */
  | { readonly kind: 'remove'; readonly startId: string; readonly force: true; readonly removeVolumes: true }
  /** Nothing to do (no start, running, or done). */
  | { readonly kind: 'none' };

const NONE: StartStep = { kind: 'none' };

/**
 * The compensation steps of the seed's Cleanup, in its order, that apply to what the current start
 * acquired. A failed 'network' or 'mount' step may have acquired part of its work, so its release
 * is included (each release is idempotent; NotFound counts as done). [] when no cleanup is due.
 */
export const cleanupPlan = (state: ContainerState): CleanupStep[] => {
  const start = state.currentStart;
  if (start === undefined || (start.progress !== 'failed' && start.progress !== 'exited')) return [];
  const { resources } = state;
  const failedAt = start.failure?.stage;
  const hasMount = (kind: 'ipc' | 'secret'): boolean => resources.mounts.some((m) => m.kind === kind);
  const steps: CleanupStep[] = [];
  if (resources.network !== undefined || failedAt === 'network') steps.push('release-network');
  if (hasMount('ipc')) steps.push('unmount-ipc');
  if (resources.mounted || failedAt === 'mount') steps.push('unmount-rootfs');
  if (hasMount('secret')) steps.push('unmount-secrets');
  if (start.progress === 'exited') steps.push('unregister-execs');
  if (resources.mounted && resources.baseFs !== '') steps.push('unmount-volumes');
  steps.push('cancel-attach');
  return steps;
};

export const nextStartStep = (state: ContainerState): StartStep => {
  const start = state.currentStart;
  if (!state.exists || start === undefined) return NONE;
  const { startId } = start;
  switch (start.progress) {
    case 'requested':
      return { kind: 'mount', startId };
    case 'mounted':
      return { kind: 'network', startId, networkMode: state.hostConfig.networkMode };
    case 'network-initialized':
      return {
        kind: 'runtime',
        startId,
        checkpoint: start.checkpoint,
        checkpointDir: start.checkpointDir,
        resetRestartManager: start.resetRestartManager,
      };
    case 'started':
      return NONE;
    case 'failed':
    case 'exited':
      return {
        kind: 'cleanup',
        startId,
        reason: start.progress === 'failed' ? 'start-failed' : 'exited',
        steps: cleanupPlan(state),
      };
    case 'cleaned-up':
      if (state.hostConfig.autoRemove && !state.removalInProgress && !state.State.Running) {
        return { kind: 'remove', startId, force: true, removeVolumes: true };
      }
      return NONE;
  }
};
