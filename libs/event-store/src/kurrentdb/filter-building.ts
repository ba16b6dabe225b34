import { eventTypeFilter, streamNameFilter, type Filter } from '@kurrent/kurrentdb-client';
import type { EventFilter, RecordedEvent } from '../event-store.port';
import { CHECKPOINT_STREAM_PREFIX, type StreamNames } from './stream-names';

/**
 * The server-side `$all` filter for a port filter. KurrentDB applies one filter, on stream name
 * OR on event type, so the most selective one available goes to the server and `acceptsEvent`
 * applies the full filter on the client as well (cheap, and it also guards the reserved streams):
 * 1. stream prefixes (inside the namespace) → stream-name prefix filter;
 * 2. a namespace → stream-name prefix filter on the namespace;
 * 3. event types → event-type regex `^(?:a|b)$`;
 * 4. nothing → stream-name regex excluding system streams (`$...`) and the checkpoint streams.
 */
export function buildServerFilter(filter: EventFilter | undefined, names: StreamNames): Filter {
  const prefixes = filter?.streamPrefixes ?? [];
  if (prefixes.length > 0) {
    return streamNameFilter({ prefixes: prefixes.map((prefix) => names.toServer(prefix)) });
  }
  if (names.namespace !== '') {
    return streamNameFilter({ prefixes: [names.namespace] });
  }
  const types = filter?.eventTypes ?? [];
  if (types.length > 0) {
    return eventTypeFilter({ regex: `^(?:${types.map(escapeRegex).join('|')})$` });
  }
  return streamNameFilter({ regex: `^(?!\\$|${escapeRegex(CHECKPOINT_STREAM_PREFIX)})` });
}

/** The whole port filter, applied to an event already mapped to the caller's names. */
export function acceptsEvent(
  event: RecordedEvent,
  filter: EventFilter | undefined,
  names: StreamNames,
): boolean {
  if (names.isReserved(event.stream) || event.type.startsWith('$')) return false;
  const prefixes = filter?.streamPrefixes ?? [];
  if (prefixes.length > 0 && !prefixes.some((prefix) => event.stream.startsWith(prefix))) return false;
  const types = filter?.eventTypes ?? [];
  if (types.length > 0 && !types.includes(event.type)) return false;
  return true;
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
