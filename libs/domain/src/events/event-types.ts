import type { ContainerEvent, ContainerEventOf, ContainerEventType } from './container-events';

/** Every container event type, in catalogue order (design.md §3). */
export const CONTAINER_EVENT_TYPES = [
  'ContainerCreated',
  'HostConfigReplaced',
  'StartRequested',
  'MountCompleted',
  'NetworkInitialized',
  'ContainerStarted',
  'StartFailed',
  'CleanupCompleted',
  'ContainerExited',
  'RestartScheduled',
  'RestartCancelled',
  'StopRequested',
  'Killed',
  'Paused',
  'Unpaused',
  'RemovalRequested',
  'ContainerRemoved',
] as const satisfies readonly ContainerEventType[];

// Fails to compile when an event type is missing from the list above.
type Missing = Exclude<ContainerEventType, (typeof CONTAINER_EVENT_TYPES)[number]>;
const _complete: Missing extends never ? true : never = true;
void _complete;

const TYPES: ReadonlySet<string> = new Set(CONTAINER_EVENT_TYPES);

/** The schema version this code writes for each event type. */
export const CURRENT_SCHEMA_VERSION = 1;

export const isContainerEventType = (type: string): type is ContainerEventType => TYPES.has(type);

/** A stored record that looks like a container event (type known, schemaVersion, data object). */
export const isContainerEvent = (value: unknown): value is ContainerEvent => {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as { type?: unknown; schemaVersion?: unknown; data?: unknown };
  return (
    typeof record.type === 'string' &&
    isContainerEventType(record.type) &&
    typeof record.schemaVersion === 'number' &&
    typeof record.data === 'object' &&
    record.data !== null
  );
};

/** Builds an event of the current schema version. */
export const containerEvent = <T extends ContainerEventType>(
  type: T,
  data: ContainerEventOf<T>['data'],
): ContainerEventOf<T> => ({ type, schemaVersion: CURRENT_SCHEMA_VERSION, data }) as ContainerEventOf<T>;

/** The stream of a container's events. */
export const containerStream = (id: string): string => `container-${id}`;
