import { Inject, Injectable } from '@nestjs/common';
import { assertNameAvailable, containerStream, validateContainerName } from '@berth/domain';
import { type EventStore, WrongExpectedVersionError } from '@berth/event-store';
import { newEventId } from '../support/event-ids';
import { EVENT_STORE } from '../tokens';

export const nameStream = (name: string): string => `containername-${name.replace(/^\//, '')}`;

interface NameReserved {
  readonly id: string;
}

/**
 * Container names are unique across containers, which one container's stream cannot enforce:
 * each name has its own stream `containername-<name>`, and a reservation is an append with the
 * expected revision, so of two concurrent creates with one name exactly one wins. A name whose
 * owner was removed is free again.
 */
@Injectable()
export class NameRegistry {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async reserve(name: string, id: string): Promise<string> {
    const canonical = validateContainerName(name);
    for (let attempt = 0; attempt < 10; attempt++) {
      const [last] = await this.store.readStream(nameStream(canonical), {
        direction: 'backwards',
        maxCount: 1,
      });
      if (last) {
        const owner = (last.data as NameReserved).id;
        if (owner !== id && (await this.ownerExists(owner))) assertNameAvailable(canonical, owner);
      }
      try {
        await this.store.append(
          nameStream(canonical),
          [{ id: newEventId(), type: 'NameReserved', schemaVersion: 1, data: { id } satisfies NameReserved }],
          last ? last.revision : 'no_stream',
        );
        return canonical;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
      }
    }
    throw new Error(`could not reserve the name ${canonical}: too much contention`);
  }

  private async ownerExists(id: string): Promise<boolean> {
    const [last] = await this.store.readStream(containerStream(id), { direction: 'backwards', maxCount: 1 });
    return last !== undefined && last.type !== 'ContainerRemoved';
  }
}
