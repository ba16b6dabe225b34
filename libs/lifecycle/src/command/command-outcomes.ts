import { Inject, Injectable } from '@nestjs/common';
import { type ContainerEvent, DomainError, type DomainErrorKind } from '@berth/domain';
import { type EventStore, WrongExpectedVersionError } from '@berth/event-store';
import { derivedEventId } from '../support/event-ids';
import { EVENT_STORE } from '../tokens';

export const commandOutcomeStream = (commandId: string): string => `commandoutcome-${commandId}`;

/** The first outcome of a command sent with a command id (the client's idempotency key). */
export type CommandOutcomeRecord =
  | {
      readonly outcome: 'accepted';
      readonly id: string;
      readonly position: number;
      readonly revision: number;
      readonly events: readonly ContainerEvent[];
    }
  | {
      readonly outcome: 'rejected';
      readonly id: string;
      readonly errorKind: DomainErrorKind;
      readonly error: string;
    };

/**
 * Idempotency by command id: the first outcome of a command id is stored in its own stream
 * (`no_stream` append: of two racing retries one records); a retry with the same id gets that
 * outcome back and appends nothing.
 */
@Injectable()
export class CommandOutcomes {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async find(commandId: string): Promise<CommandOutcomeRecord | undefined> {
    const [first] = await this.store.readStream(commandOutcomeStream(commandId), { maxCount: 1 });
    return first?.data as CommandOutcomeRecord | undefined;
  }

  async record(commandId: string, outcome: CommandOutcomeRecord): Promise<CommandOutcomeRecord> {
    try {
      await this.store.append(
        commandOutcomeStream(commandId),
        [
          {
            id: derivedEventId(commandId, 'outcome'),
            type: 'CommandOutcomeRecorded',
            schemaVersion: 1,
            data: outcome,
          },
        ],
        'no_stream',
      );
      return outcome;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return (await this.find(commandId)) ?? outcome;
      throw error;
    }
  }

  /** Replays a stored rejection as the error it was. */
  static rethrow(record: Extract<CommandOutcomeRecord, { outcome: 'rejected' }>): never {
    throw new DomainError(record.errorKind, record.error);
  }
}
