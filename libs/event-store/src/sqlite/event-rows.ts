import type { EventMetadata, NewEvent, RecordedEvent } from '../event-store.port';
import type { EventRow } from './schema';

/** A stored row as the port's RecordedEvent; `metadata.recordedAt` is the store's timestamp. */
export function toRecordedEvent(row: EventRow): RecordedEvent {
  const metadata = JSON.parse(row[7]) as Record<string, string | undefined>;
  metadata.recordedAt = row[8];
  return {
    id: row[1],
    type: row[4],
    schemaVersion: row[5],
    stream: row[2],
    revision: row[3],
    position: row[0],
    recordedAt: row[8],
    data: JSON.parse(row[6]) as unknown,
    metadata,
  };
}

/** The caller's metadata as stored: without `recordedAt`, which only the store sets. */
export function metadataJson(metadata: EventMetadata | undefined): string {
  if (metadata === undefined) return '{}';
  if (!('recordedAt' in metadata)) return JSON.stringify(metadata);
  const { recordedAt: _ignored, ...rest } = metadata;
  return JSON.stringify(rest);
}

export function dataJson(event: NewEvent): string {
  const json: string | undefined = JSON.stringify(event.data);
  if (json === undefined)
    throw new TypeError(`event ${event.id}: data must be JSON (got ${typeof event.data})`);
  return json;
}

export function checkNewEvent(event: NewEvent): void {
  if (typeof event.id !== 'string' || event.id === '')
    throw new TypeError('event id must be a non-empty string');
  if (typeof event.type !== 'string' || event.type === '')
    throw new TypeError(`event ${event.id}: type must be a non-empty string`);
  if (!Number.isInteger(event.schemaVersion))
    throw new TypeError(`event ${event.id}: schemaVersion must be an integer`);
}
