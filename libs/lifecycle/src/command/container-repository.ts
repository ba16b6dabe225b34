import { Inject, Injectable } from '@nestjs/common';
import { containerStream, type ContainerEvent, type ContainerState, evolve, initialState } from '@berth/domain';
import type { EventStore, RecordedEvent } from '@berth/event-store';
import { EVENT_STORE } from '../tokens';

export interface LoadedContainer {
  readonly state: ContainerState;
  /** Revision of the stream's last event; -1 for an empty stream. */
  readonly revision: number;
  /** Position of the stream's last event; 0 for an empty stream. */
  readonly position: number;
}

/** Rehydrates a stored event into the domain's event (type, schemaVersion, data). */
export function toDomainEvent(event: RecordedEvent): ContainerEvent {
  return { type: event.type, schemaVersion: event.schemaVersion, data: event.data } as ContainerEvent;
}

/** Folds a container's stream with the domain's evolve. */
export function foldContainer(events: readonly RecordedEvent[], from: ContainerState = initialState): ContainerState {
  let state = from;
  for (const event of events) state = evolve(state, toDomainEvent(event));
  return state;
}

/** Loads a container aggregate from its stream `container-<id>`. */
@Injectable()
export class ContainerRepository {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load(id: string): Promise<LoadedContainer> {
    const events = await this.store.readStream(containerStream(id));
    const last = events.at(-1);
    return { state: foldContainer(events), revision: last?.revision ?? -1, position: last?.position ?? 0 };
  }

  events(id: string): Promise<RecordedEvent[]> {
    return this.store.readStream(containerStream(id));
  }
}
