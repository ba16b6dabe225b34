import { Inject, Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import type { EventStore } from '@berth/event-store';
import { StoreConsumer } from '../support/store-consumer';
import { EVENT_STORE } from '../tokens';
import { StoredEvent } from './stored-event';

const NAME = 'event-bus';

/**
 * Feeds the CQRS EventBus from the store only: a catch-up subscription from the stored
 * checkpoint (from the head on first boot) publishes each stored event as a StoredEvent.
 */
@Injectable()
export class StoreEventBus {
  private consumer?: StoreConsumer;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly eventBus: EventBus,
  ) {}

  async start(): Promise<void> {
    this.consumer = new StoreConsumer(this.store, {
      name: NAME,
      after: async () => (await this.store.readCheckpoint(NAME)) ?? (await this.store.headPosition()),
      checkpoint: (position) => this.store.storeCheckpoint(NAME, position),
      checkpointEveryMs: 200,
      handle: (event) => {
        this.eventBus.publish(new StoredEvent(event));
      },
    });
    await this.consumer.start();
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }
}
