import type { RecordedEvent, Subscription } from '../event-store.port';
import type { KurrentResolvedEvent } from './event-mapping';
import { isAfter } from './position-mapping';

/** What berth uses of the client's `$all` subscription (a Node Readable in object mode). */
export interface ClientSubscription extends AsyncIterable<KurrentResolvedEvent> {
  unsubscribe(): Promise<void>;
  destroy(error?: Error): unknown;
}

/**
 * The port's Subscription over the client's catch-up subscription to `$all`.
 *
 * `open` is called at once (so a subscription from 'end' is registered on the server before the
 * caller's next append); it may be async when the start position must first be looked up.
 *
 * Back-pressure: the client's subscription is a Readable piped from the gRPC stream; we pull one
 * event at a time through its async iterator, so when the consumer is slow the Readable's buffer
 * (highWaterMark = the port's `batchSize`) fills, the pipe pauses the gRPC stream and HTTP/2 flow
 * control stops the server. Catch-up then live is the server's job (one `$all` read that turns
 * live), so there is no gap or duplicate between the two; events at or before `after` (and any
 * repeat) are dropped here too, whatever the server does at the boundary.
 *
 * If the server drops the subscription (restart, leader change), iteration throws the translated
 * error; the consumer resubscribes from its checkpoint.
 */
export class KurrentDbSubscription implements Subscription {
  #closed = false;
  #iterator: AsyncGenerator<RecordedEvent> | undefined;
  #source: ClientSubscription | undefined;
  readonly #opening: Promise<ClientSubscription>;
  #last: number;

  constructor(
    open: () => ClientSubscription | Promise<ClientSubscription>,
    /** Maps and filters: undefined means "not for this subscriber". */
    private readonly convert: (resolved: KurrentResolvedEvent) => RecordedEvent | undefined,
    after: number,
    private readonly translate: (error: unknown) => unknown,
    private readonly onClose: () => void = () => undefined,
  ) {
    this.#last = after;
    this.#opening = (async () => open())();
    this.#opening.catch(() => undefined); // reported by the iteration, not as an unhandled rejection
  }

  /** One underlying iteration: asking again returns the same iterator (done once closed). */
  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    this.#iterator ??= this.iterate();
    return this.#iterator;
  }

  private async *iterate(): AsyncGenerator<RecordedEvent> {
    try {
      const source = await this.#opening;
      if (this.#closed) return;
      this.#source = source;
      for await (const resolved of source) {
        if (this.#closed) return;
        const event = this.convert(resolved);
        if (event === undefined || !isAfter(event.position, this.#last)) continue;
        this.#last = event.position;
        yield event;
      }
    } catch (error) {
      if (this.#closed) return;
      throw this.translate(error);
    } finally {
      // The consumer stopped (break/return) or the stream ended: release the server subscription.
      await this.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.onClose();
    const source = this.#source ?? (await this.#opening.catch(() => undefined));
    if (source === undefined) return;
    try {
      await source.unsubscribe();
    } finally {
      // Ends a pending read of the iterator (it returns; the error it may see is ignored: closed).
      source.destroy();
    }
  }
}
