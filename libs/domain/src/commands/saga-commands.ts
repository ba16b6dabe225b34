/**
 * Commands the lifecycle (sagas, runtime event feed, restart manager) sends to record outcomes.
 * All are idempotent under at-least-once delivery: a record for a start that is not the current
 * one, or for a step already recorded, decides no events.
 */
import type { CleanupStep, StartStage } from '../events/container-events';
import type { MountRecord, NetworkEndpoint } from '../events/resources';

type Command<T extends string, D> = { readonly type: T; readonly data: Readonly<D> };

export type RecordMountCompleted = Command<
  'RecordMountCompleted',
  { startId: string; baseFs: string; mounts: readonly MountRecord[] }
>;

export type RecordNetworkInitialized = Command<
  'RecordNetworkInitialized',
  { startId: string; mode: string; sandboxKey: string; endpoints: readonly NetworkEndpoint[] }
>;

export type RecordContainerStarted = Command<
  'RecordContainerStarted',
  { startId: string; pid: number; startedAt: string }
>;

export type RecordStartFailed = Command<
  'RecordStartFailed',
  {
    startId: string;
    stage: StartStage;
    /** The raw error text (the runtime's verbatim for 'create' / 'start'); the domain maps it. */
    error: string;
  }
>;

export type RecordCleanupCompleted = Command<
  'RecordCleanupCompleted',
  { startId: string; steps: readonly CleanupStep[]; warnings: readonly string[] }
>;

export type RecordContainerExited = Command<
  'RecordContainerExited',
  {
    exitCode: number;
    oomKilled: boolean;
    finishedAt: string;
    /** The exited task's pid: an exit of another pid than State.Pid is stale and ignored. */
    pid?: number;
  }
>;

/** Ask the restart manager about a stopped container now (e.g. after recording an exit separately). */
export type ScheduleRestart = Command<'ScheduleRestart', { requestedAt: string }>;
export type CancelRestart = Command<'CancelRestart', { reason: string }>;
export type RecordContainerRemoved = Command<'RecordContainerRemoved', Record<string, never>>;

export type SagaCommand =
  | RecordMountCompleted
  | RecordNetworkInitialized
  | RecordContainerStarted
  | RecordStartFailed
  | RecordCleanupCompleted
  | RecordContainerExited
  | ScheduleRestart
  | CancelRestart
  | RecordContainerRemoved;
