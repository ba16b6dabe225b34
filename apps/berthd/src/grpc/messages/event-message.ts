import type { RecordedEvent } from '@berth/event-store';
import { CONTAINER_STREAM_PREFIX } from '@berth/lifecycle';
import type { Event } from '../generated/berth/v1/Event';

/** A stored event as the berth.v1 Event message (data as JSON, metadata as a string map). */
export function eventMessage(event: RecordedEvent): Event {
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(event.metadata))
    if (typeof value === 'string') metadata[key] = value;
  return {
    id: event.id,
    type: event.type,
    schemaVersion: event.schemaVersion,
    stream: event.stream,
    revision: event.revision,
    position: event.position,
    recordedAt: event.recordedAt,
    dataJson: JSON.stringify(event.data),
    metadata,
    containerId: event.stream.startsWith(CONTAINER_STREAM_PREFIX)
      ? event.stream.slice(CONTAINER_STREAM_PREFIX.length)
      : '',
  };
}
