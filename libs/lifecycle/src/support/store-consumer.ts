import { Logger } from '@nestjs/common';
import { Throttle } from './throttle';
import type { EventFilter, EventStore, RecordedEvent, Subscription } from '@berth/event-store';

export interface StoreConsumerOptions {
  readonly name: string;
  readonly filter?: EventFilter;
  /** Where to start when nothing is stored yet; a stored checkpoint always wins. */
  readonly after: () => Promise<number>;
  /** Persist the last position handled (may be a no-op when the handler stores it itself). */
  readonly checkpoint: (position: number) => Promise<void>;
  /**
   * Write the checkpoint at most this often (default: after every event). Handlers are
   * idempotent, so after a crash re-handling the events of the last interval is harmless.
   */
  readonly checkpointEveryMs?: number;
  readonly handle: (event: RecordedEvent) => Promise<void> | void;
}

/**
 * Feeds stored events, in order, to one handler: a catch-up subscription from a checkpoint that
 * turns live. A handler error is logged and the event retried after a pause — a consumer never
 * skips an event and never dies silently (the @nestjs/cqrs saga pitfall).
 */
export class StoreConsumer {
  private subscription?: Subscription;
  private running?: Promise<void>;
  private stopped = false;
  private readonly logger: Logger;
  private readonly checkpoints?: Throttle<number>;

  constructor(
    private readonly store: EventStore,
    private readonly options: StoreConsumerOptions,
  ) {
    this.logger = new Logger(`consumer:${options.name}`);
    if (options.checkpointEveryMs)
      this.checkpoints = new Throttle(options.checkpointEveryMs, options.checkpoint);
  }

  async start(): Promise<void> {
    const after = await this.options.after();
    this.subscription = this.store.subscribeToAll({ after, filter: this.options.filter, batchSize: 500 });
    this.running = this.loop(this.subscription);
  }

  private async loop(subscription: Subscription): Promise<void> {
    try {
      for await (const event of subscription) {
        for (let attempt = 1; !this.stopped; attempt++) {
          try {
            await this.options.handle(event);
            if (this.checkpoints) this.checkpoints.push(event.position);
            else await this.options.checkpoint(event.position);
            break;
          } catch (error) {
            this.logger.error(
              `event ${event.type} at ${event.position} failed (attempt ${attempt}): ${String(error)}`,
            );
            await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** attempt)));
          }
        }
        if (this.stopped) break;
      }
    } catch (error) {
      if (!this.stopped) this.logger.error(`subscription ended: ${String(error)}`);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.close();
    await this.running;
    await this.checkpoints?.flush();
  }
}
