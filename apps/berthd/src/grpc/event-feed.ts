import { type EventFilter, type EventStore, type RecordedEvent, type Subscription } from '@berth/event-store';
import { AUDIT_STREAM, CONTAINER_STREAM_PREFIX } from '@berth/lifecycle';
import { RequestError } from './grpc-errors';

export interface FeedRequest {
  /** Strictly after this position; 'now' = the head when the feed starts. */
  readonly after: number | 'now';
  /** Container ids (already resolved); empty: all containers. */
  readonly containerIds: readonly string[];
  readonly eventTypes: readonly string[];
  readonly actors: readonly string[];
  readonly since?: string;
  readonly until?: string;
  readonly stopAtHead: boolean;
  readonly includeAudit: boolean;
}

/** Where the feed's messages go; `write` resolves when the consumer can take more (back-pressure). */
export interface FeedSink {
  event(event: RecordedEvent): Promise<void>;
  caughtUp(position: number): Promise<void>;
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;
}

const PAGE = 500;

function parseTime(field: string, value: string | undefined): number | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  if (!Number.isFinite(time)) throw new RequestError(`${field} "${value}" is not an RFC 3339 time`);
  return time;
}

/**
 * The event feed behind Events.Subscribe: reads the history after the start point page by page,
 * reports caught-up at the head, then follows a catch-up subscription from the last position it
 * read with the same store filter — so nothing between the two is missed or delivered twice.
 * Actor, since and until filters apply on top.
 */
export async function runEventFeed(store: EventStore, request: FeedRequest, sink: FeedSink): Promise<void> {
  const since = parseTime('since', request.since);
  const until = parseTime('until', request.until);
  const filter: EventFilter = {
    streamPrefixes: [
      ...(request.containerIds.length > 0
        ? request.containerIds.map((id) => `${CONTAINER_STREAM_PREFIX}${id}`)
        : [CONTAINER_STREAM_PREFIX]),
      ...(request.includeAudit ? [AUDIT_STREAM] : []),
    ],
    ...(request.eventTypes.length > 0 ? { eventTypes: request.eventTypes } : {}),
  };
  let after = request.after === 'now' ? await store.headPosition() : request.after;
  let ended = false;
  const end = (): void => {
    ended = true;
  };
  const deliver = async (event: RecordedEvent): Promise<void> => {
    const recorded = Date.parse(event.recordedAt);
    if (until !== undefined && recorded > until) return end();
    if (since !== undefined && recorded < since) return;
    if (request.actors.length > 0 && !request.actors.includes(event.metadata.actor ?? '')) return;
    await sink.event(event);
  };

  // History: every matching event up to a head read before an empty page has been delivered.
  let head = after;
  while (!ended && !sink.signal.aborted) {
    const headBefore = await store.headPosition();
    const page = await store.readAll({ after, maxCount: PAGE, filter });
    if (page.length === 0) {
      head = headBefore;
      break;
    }
    for (const event of page) {
      if (ended || sink.signal.aborted) break;
      await deliver(event);
      after = event.position;
    }
  }
  if (ended || sink.signal.aborted) return;
  await sink.caughtUp(Math.max(after, head));
  if (request.stopAtHead || (until !== undefined && until <= Date.now())) return;

  // Live.
  const subscription: Subscription = store.subscribeToAll({ after, filter, batchSize: PAGE });
  const close = (): void => void subscription.close();
  sink.signal.addEventListener('abort', close);
  const timer = until !== undefined ? setTimeout(close, Math.max(0, until - Date.now())) : undefined;
  try {
    for await (const event of subscription) {
      await deliver(event);
      if (ended || sink.signal.aborted) break;
    }
  } finally {
    clearTimeout(timer);
    sink.signal.removeEventListener('abort', close);
    await subscription.close();
  }
}
