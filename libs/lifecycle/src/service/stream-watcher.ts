import { Inject, Injectable } from '@nestjs/common';
import type { EventStore, RecordedEvent } from '@berth/event-store';
import { systemError } from '@berth/domain';
import { EVENT_STORE } from '../tokens';

/**
 * Waits on the store for an event of one stream after a position — the synchronous API's way to
 * learn a saga's outcome. It subscribes from the position (not from "now"), so an event stored
 * before the wait began is never missed.
 */
@Injectable()
export class StreamWatcher {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * Resolves with the first non-undefined result of `match` over the stream's events after
   * `after`; rejects after timeoutMs (undefined or < 0 = no bound) or when `signal` aborts.
   */
  async waitFor<T>(
    stream: string,
    after: number,
    match: (event: RecordedEvent) => T | undefined,
    options: { timeoutMs?: number; what?: string; signal?: AbortSignal } = {},
  ): Promise<T> {
    const subscription = this.store.subscribeToAll({ after, filter: { streamPrefixes: [stream] } });
    let timer: NodeJS.Timeout | undefined;
    const onAbort = (): void => void subscription.close();
    options.signal?.addEventListener('abort', onAbort);
    if (options.timeoutMs !== undefined && options.timeoutMs >= 0) timer = setTimeout(onAbort, options.timeoutMs);
    try {
      for await (const event of subscription) {
        if (event.stream !== stream) continue;
        const result = match(event);
        if (result !== undefined) return result;
      }
      if (options.signal?.aborted) throw systemError(`wait for ${options.what ?? 'event'} cancelled`);
      throw systemError(`timed out after ${options.timeoutMs} ms waiting for ${options.what ?? 'an event'} on ${stream}`);
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      await subscription.close();
    }
  }
}
