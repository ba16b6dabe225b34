import type { RecordedEvent, Subscription } from './event-store.port';
import type { ChangeSignal } from './change-signal';

/** One page of a subscription's read. */
export interface SubscriptionPage {
  readonly events: readonly RecordedEvent[];
  /**
   * The position up to which the store was looked at (≥ the last event's position). With a
   * filter, events after the last match that did not match are skipped by the next read.
   */
  readonly scannedTo: number;
}

export interface SubscriptionSource {
  /** At most `limit` events strictly after `after`, in position order. */
  readPage(after: number, limit: number): SubscriptionPage | Promise<SubscriptionPage>;
  readonly changes: ChangeSignal;
}

/**
 * A catch-up subscription that reads one page at a time, only when the consumer has taken every
 * event of the previous page (back-pressure), then waits for a change and reads again. Because
 * every event comes from a read strictly after the last position delivered, history and live
 * events join with no gap and no duplicate.
 */
export class PullSubscription implements Subscription {
  private position: number;
  private page: readonly RecordedEvent[] = [];
  private index = 0;
  private closed = false;
  private readonly stop = new AbortController();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly source: SubscriptionSource,
    after: number,
    private readonly batchSize: number,
    private readonly onClose: () => void = () => undefined,
  ) {
    this.position = after;
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return {
      next: () => this.next(),
      return: async () => {
        await this.close();
        return { done: true, value: undefined };
      },
    };
  }

  /** Calls are served one after another, so overlapping `next()` calls still see each event once. */
  next(): Promise<IteratorResult<RecordedEvent, undefined>> {
    const result = this.queue.then(() => this.pull());
    this.queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.page = [];
    this.stop.abort();
    this.onClose();
  }

  private async pull(): Promise<IteratorResult<RecordedEvent, undefined>> {
    while (!this.closed) {
      if (this.index < this.page.length) {
        return { done: false, value: this.page[this.index++] };
      }
      const seen = this.source.changes.version;
      const page = await this.source.readPage(this.position, this.batchSize);
      if (this.closed) break;
      this.page = page.events;
      this.index = 0;
      this.position = Math.max(this.position, page.scannedTo);
      if (page.events.length === 0) await this.source.changes.waitForChange(seen, this.stop.signal);
    }
    return { done: true, value: undefined };
  }
}
