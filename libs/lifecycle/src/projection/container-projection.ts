import { Inject, Injectable } from '@nestjs/common';
import { type ContainerState, evolve, initialState, isContainerEventType } from '@berth/domain';
import type { EventStore, RecordedEvent } from '@berth/event-store';
import { toDomainEvent } from '../command/container-repository';
import { StoreConsumer } from '../support/store-consumer';
import { EVENT_STORE } from '../tokens';
import { READ_MODEL } from './read-model.provider';
import type { ReadModelStore } from './read-model.store';

export const CONTAINER_STREAM_PREFIX = 'container-';

/** Applies one stored event to the read model (the row and the checkpoint in one transaction). */
export function applyToReadModel(model: ReadModelStore<ContainerState>, event: RecordedEvent): void {
  if (!event.stream.startsWith(CONTAINER_STREAM_PREFIX) || !isContainerEventType(event.type)) {
    model.skip(event.position);
    return;
  }
  const id = event.stream.slice(CONTAINER_STREAM_PREFIX.length);
  const previous = model.get(id)?.state ?? initialState;
  const state = evolve(previous, toDomainEvent(event));
  model.apply(event.position, id, state.exists ? { name: state.name, state } : undefined);
}

/** The container read model projection: a catch-up subscription from the model's own checkpoint. */
@Injectable()
export class ContainerProjection {
  private consumer?: StoreConsumer;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL) private readonly model: ReadModelStore<ContainerState>,
  ) {}

  async start(): Promise<void> {
    this.consumer = new StoreConsumer(this.store, {
      name: 'containers-projection',
      // Unfiltered: the checkpoint follows the head, so "caught up" is "checkpoint ≥ head".
      after: async () => this.model.checkpoint(),
      checkpoint: async () => undefined, // stored with each update, in the same transaction
      handle: (event) => applyToReadModel(this.model, event),
    });
    await this.consumer.start();
  }

  /** Resolves when the model has applied everything stored so far. */
  async caughtUp(timeoutMs = 30_000): Promise<void> {
    await this.model.waitFor(await this.store.headPosition(), timeoutMs);
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }
}
