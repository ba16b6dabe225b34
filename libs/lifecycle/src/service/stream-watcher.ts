import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { EventStore, RecordedEvent, Subscription } from '@berth/event-store';
import { systemError } from '@berth/domain';
import { EVENT_STORE } from '../tokens';

interface Waiter {
  readonly stream: string;
  /** Live events of the stream that arrived while the waiter read its history. */
  buffered: RecordedEvent[] | undefined;
  deliver(event: RecordedEvent): void;
}

/**
 * Waits on the store for an event of one stream after a position — the synchronous API's way to
 * learn a saga's outcome. One live subscription per process fans events out to the waiters of
 * their stream; a waiter first registers (buffering live events), then reads the stream's history
 * after its position, so an event stored before the wait began is never missed nor seen twice.
 */
@Injectable()
export class StreamWatcher implements OnApplicationShutdown {
  private readonly waiters = new Map<string, Set<Waiter>>();
  private subscription?: Subscription;

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
    await this.ensureLive();
    let lastSeen = after;
    let settle: (outcome: { value: T } | { error: Error }) => void = () => undefined;
    const settled = new Promise<{ value: T } | { error: Error }>((resolve) => (settle = resolve));
    const consider = (event: RecordedEvent): void => {
      if (event.position <= lastSeen) return;
      lastSeen = event.position;
      const value = match(event);
      if (value !== undefined) settle({ value });
    };
    const waiter: Waiter = {
      stream,
      buffered: [],
      deliver: (event) => (waiter.buffered ? waiter.buffered.push(event) : consider(event)),
    };
    this.add(waiter);
    let timer: NodeJS.Timeout | undefined;
    const onAbort = (): void =>
      settle({ error: systemError(`wait for ${options.what ?? 'an event'} cancelled`) });
    options.signal?.addEventListener('abort', onAbort);
    if (options.timeoutMs !== undefined && options.timeoutMs >= 0) {
      timer = setTimeout(
        () =>
          settle({
            error: systemError(
              `timed out after ${options.timeoutMs} ms waiting for ${options.what ?? 'an event'} on ${stream}`,
            ),
          }),
        options.timeoutMs,
      );
    }
    try {
      if (options.signal?.aborted) onAbort();
      const history = await this.store.readStream(stream);
      for (const event of history) consider(event);
      const buffered = waiter.buffered;
      waiter.buffered = undefined;
      for (const event of buffered ?? []) consider(event);
      const outcome = await settled;
      if ('error' in outcome) throw outcome.error;
      return outcome.value;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      this.remove(waiter);
    }
  }

  private live?: Promise<void>;

  /** Starts the shared live subscription from a fixed position (before any waiter reads history). */
  private ensureLive(): Promise<void> {
    this.live ??= this.store.headPosition().then((head) => this.follow(head));
    return this.live;
  }

  private follow(after: number): void {
    const subscription = this.store.subscribeToAll({ after, batchSize: 1000 });
    this.subscription = subscription;
    void (async () => {
      try {
        for await (const event of subscription) {
          for (const waiter of this.waiters.get(event.stream) ?? []) waiter.deliver(event);
        }
      } catch {
        // closed with the store
      }
    })();
  }

  private add(waiter: Waiter): void {
    const set = this.waiters.get(waiter.stream) ?? new Set<Waiter>();
    set.add(waiter);
    this.waiters.set(waiter.stream, set);
  }

  private remove(waiter: Waiter): void {
    const set = this.waiters.get(waiter.stream);
    set?.delete(waiter);
    if (set?.size === 0) this.waiters.delete(waiter.stream);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }
}
