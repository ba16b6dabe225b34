import { Inject, Injectable, Logger, OnApplicationShutdown, Provider } from '@nestjs/common';
import { describeEventStoreConfig, EventStore, openEventStore } from '@berth/event-store';
import type { LifecycleOptions } from './lifecycle-options';
import { EVENT_STORE, LIFECYCLE_OPTIONS } from './tokens';

export const eventStoreProvider: Provider = {
  provide: EVENT_STORE,
  inject: [LIFECYCLE_OPTIONS],
  useFactory: async (options: LifecycleOptions): Promise<EventStore> => {
    const store = await openEventStore(options.eventStore);
    const head = await store.headPosition();
    new Logger('EventStore').log(`event store: ${describeEventStoreConfig(options.eventStore)}, head position ${head}`);
    return store;
  },
};

/** Closes the event store when the application shuts down. */
@Injectable()
export class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
