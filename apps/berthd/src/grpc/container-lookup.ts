import { Inject, Injectable } from '@nestjs/common';
import type { ContainerState } from '@berth/domain';
import type { EventStore } from '@berth/event-store';
import { EVENT_STORE, READ_MODEL, type ReadModelStore, resolveContainerId } from '@berth/lifecycle';

/** Resolves references for questions about the log: live containers first, then removed ones. */
@Injectable()
export class ContainerLookup {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL) private readonly model: ReadModelStore<ContainerState>,
  ) {}

  resolve(ref: string): Promise<string> {
    return resolveContainerId(
      this.store,
      {
        byName: (name) => this.model.idByName(name),
        idsWithPrefix: (prefix) => this.model.idsWithPrefix(prefix),
      },
      ref,
    );
  }
}
