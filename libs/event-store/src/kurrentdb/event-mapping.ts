import { jsonEvent, type EventData, type Position } from '@kurrent/kurrentdb-client';
import type { EventMetadata, NewEvent, RecordedEvent } from '../event-store.port';
import { toPositionNumber } from './position-mapping';
import { toRevision } from './revision-mapping';
import type { StreamNames } from './stream-names';

/**
 * Event metadata as stored in KurrentDB (JSON). Correlation and causation use KurrentDB's own
 * keys (`$correlationId`, `$causationId`, understood by its projections and UI); berth's other
 * keys (commandId, actor, source, anything else) are stored as they are; `schemaVersion` (the
 * port has it beside type, KurrentDB has no such field) is stored as a number. `recordedAt` is
 * never stored: KurrentDB stamps each event (`created`) and that is what reads return.
 */
export type KurrentMetadata = Record<string, string | number>;

export function toKurrentMetadata(
  schemaVersion: number,
  metadata: EventMetadata | undefined,
): KurrentMetadata {
  const stored: KurrentMetadata = {};
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (value === undefined || key === 'recordedAt') continue;
    if (key === 'correlationId') stored.$correlationId = value;
    else if (key === 'causationId') stored.$causationId = value;
    else stored[key] = value;
  }
  stored.schemaVersion = schemaVersion;
  return stored;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The client's JSON event for a new event. KurrentDB event ids are UUIDs; data must have a JSON form. */
export function toEventData(event: NewEvent): EventData {
  if (!UUID.test(event.id))
    throw new TypeError(
      `event id ${JSON.stringify(event.id)} must be a UUID (KurrentDB event ids are UUIDs)`,
    );
  if (typeof event.type !== 'string' || event.type === '')
    throw new TypeError(`event ${event.id}: type must be a non-empty string`);
  if (!Number.isInteger(event.schemaVersion))
    throw new TypeError(`event ${event.id}: schemaVersion must be an integer`);
  if (event.data === undefined || typeof event.data === 'function' || typeof event.data === 'symbol') {
    throw new TypeError(`event ${event.id}: data must be JSON (got ${typeof event.data})`);
  }
  return jsonEvent({
    id: event.id,
    type: event.type,
    // Any JSON value; the client's type says object/array/string, the wire takes JSON text.
    data: event.data as Record<string, unknown>,
    metadata: toKurrentMetadata(event.schemaVersion, event.metadata),
  });
}

/** The reverse of toKurrentMetadata. Foreign non-string values are kept as their JSON text. */
export function fromKurrentMetadata(raw: unknown): {
  metadata: Record<string, string>;
  schemaVersion: number;
} {
  const metadata: Record<string, string> = {};
  let schemaVersion = 1;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || raw instanceof Uint8Array) {
    return { metadata, schemaVersion };
  }
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'schemaVersion') {
      const parsed = typeof value === 'number' ? value : Number(value);
      if (Number.isInteger(parsed)) schemaVersion = parsed;
      continue;
    }
    if (value === undefined || value === null) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (key === '$correlationId') metadata.correlationId = text;
    else if (key === '$causationId') metadata.causationId = text;
    else metadata[key] = text;
  }
  return { metadata, schemaVersion };
}

/** The fields of the client's recorded event that berth reads (structurally, so tests can build one). */
export interface KurrentRecord {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly created: Date;
  readonly isJson: boolean;
  readonly data: unknown;
  readonly metadata?: unknown;
  readonly position?: Position;
}

export interface KurrentResolvedEvent {
  readonly event?: KurrentRecord;
  readonly commitPosition?: bigint;
}

/**
 * A resolved event from the client to the port's RecordedEvent, or undefined when it is not one
 * of ours: a link without its target, a stream outside the namespace. Callers filter reserved
 * streams and types separately.
 */
export function toRecordedEvent(
  resolved: KurrentResolvedEvent,
  names: StreamNames,
): RecordedEvent | undefined {
  const record = resolved.event;
  if (record === undefined) return undefined;
  const stream = names.fromServer(record.streamId);
  if (stream === undefined) return undefined;
  const commit = record.position?.commit ?? resolved.commitPosition;
  if (commit === undefined) {
    throw new Error(
      `KurrentDB returned event ${record.id} of ${record.streamId} without a position; ` +
        'berth needs KurrentDB or EventStoreDB 22.6 or later',
    );
  }
  const recordedAt = record.created.toISOString();
  const { metadata, schemaVersion } = fromKurrentMetadata(record.metadata);
  return {
    id: record.id,
    type: record.type,
    schemaVersion,
    stream,
    revision: toRevision(record.revision),
    position: toPositionNumber({ commit, prepare: record.position?.prepare ?? commit }),
    recordedAt,
    data: record.data,
    metadata: { ...metadata, recordedAt },
  };
}
