import { Inject, Injectable } from '@nestjs/common';
import {
  containerStream,
  type ContainerEvent,
  type ContainerState,
  evolve,
  initialState,
} from '@berth/domain';
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
export function foldContainer(
  events: readonly RecordedEvent[],
  from: ContainerState = initialState,
): ContainerState {
  let state = from;
  for (const event of events) state = evolve(state, toDomainEvent(event));
  return state;
}

/**
 * Loads a container aggregate from its stream `container-<id>`. The last folded state of each
 * container is kept in memory and brought up to date by reading only the events after its
 * revision (streams are append-only, so this equals a full replay).
 */
@Injectable()
export class ContainerRepository {
  private readonly cache = new Map<string, LoadedContainer>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load(id: string): Promise<LoadedContainer> {
    const cached = this.cache.get(id);
    const from = cached ? cached.revision + 1 : 0;
    const events = await this.store.readStream(containerStream(id), { from });
    const last = events.at(-1);
    if (!last) return cached ?? { state: initialState, revision: -1, position: 0 };
    const loaded: LoadedContainer = {
      state: foldContainer(events, cached?.state),
      revision: last.revision,
      position: last.position,
    };
    if (loaded.state.removed) this.cache.delete(id);
    else if ((this.cache.get(id)?.revision ?? -1) < loaded.revision) this.cache.set(id, loaded);
    return loaded;
  }

  events(id: string): Promise<RecordedEvent[]> {
    return this.store.readStream(containerStream(id));
  }
}
