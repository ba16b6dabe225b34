import { Inject, Injectable } from '@nestjs/common';
import {
  type ContainerCommand,
  containerStream,
  type ContainerEvent,
  type ContainerState,
  decide,
  type DecideContext,
  evolve,
  isDomainError,
} from '@berth/domain';
import { type EventStore, type NewEvent, WrongExpectedVersionError } from '@berth/event-store';
import { AuditLog } from '../audit/audit-log';
import type { LifecycleOptions } from '../lifecycle-options';
import { derivedEventId, newEventId } from '../support/event-ids';
import { EVENT_STORE, LIFECYCLE_OPTIONS } from '../tokens';
import type { CommandContext } from './command-context';
import { CommandOutcomes } from './command-outcomes';
import { ContainerRepository } from './container-repository';

export interface ExecuteOptions {
  /**
   * Seed of deterministic event ids (saga steps: the causing start id + the step). With a seed,
   * the same step executed twice appends once; without one, ids are random.
   */
  readonly idSeed?: string;
  /** Runs after decide and before the append (e.g. a runtime call that must succeed first). */
  readonly beforeAppend?: (events: readonly ContainerEvent[], state: ContainerState) => Promise<void>;
  /** Record the outcome in the audit stream (user commands). */
  readonly audit?: boolean;
}

export interface ExecuteResult {
  readonly id: string;
  readonly events: readonly ContainerEvent[];
  /** Global position of the last event written; the stream's current position when nothing was written. */
  readonly position: number;
  /** The state after the events. */
  readonly state: ContainerState;
  readonly revision: number;
}

const MAX_ATTEMPTS = 20;

/**
 * The one path by which container events are written: load the stream, decide, append with the
 * expected revision. A concurrent writer makes the append fail with WrongExpectedVersion: re-read
 * and re-decide, a bounded number of times. DomainErrors keep their class.
 */
@Injectable()
export class CommandExecutor {
  private readonly context: DecideContext;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly repository: ContainerRepository,
    private readonly audit: AuditLog,
    private readonly outcomes: CommandOutcomes,
    @Inject(LIFECYCLE_OPTIONS) options: LifecycleOptions,
  ) {
    this.context = { experimental: options.experimental, platform: 'linux' };
  }

  async execute(
    id: string,
    command: ContainerCommand,
    ctx: CommandContext,
    options: ExecuteOptions = {},
  ): Promise<ExecuteResult> {
    const commandId = options.audit ? ctx.commandId : undefined;
    if (commandId) {
      const first = await this.outcomes.find(commandId);
      if (first?.outcome === 'rejected') CommandOutcomes.rethrow(first);
      if (first)
        return {
          id: first.id,
          events: first.events,
          position: first.position,
          revision: first.revision,
          state: (await this.repository.load(first.id)).state,
        };
    }
    try {
      const result = await this.attempt(id, command, ctx, options);
      if (options.audit) await this.audit.accepted(command, id, ctx, result.position, result.events.length);
      if (commandId) {
        await this.outcomes.record(commandId, {
          outcome: 'accepted',
          id,
          position: result.position,
          revision: result.revision,
          events: result.events,
        });
      }
      return result;
    } catch (error) {
      if (options.audit) await this.audit.rejected(command, id, ctx, error);
      if (commandId && isDomainError(error)) {
        await this.outcomes.record(commandId, {
          outcome: 'rejected',
          id,
          errorKind: error.kind,
          error: error.message,
        });
      }
      throw error;
    }
  }

  private async attempt(
    id: string,
    command: ContainerCommand,
    ctx: CommandContext,
    options: ExecuteOptions,
  ): Promise<ExecuteResult> {
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.repository.load(id);
      const events = decide(command, loaded.state, this.context);
      if (events.length === 0) {
        return { id, events, position: loaded.position, state: loaded.state, revision: loaded.revision };
      }
      await options.beforeAppend?.(events, loaded.state);
      const seed = options.idSeed ?? (ctx.commandId ? `command:${ctx.commandId}` : undefined);
      const newEvents: NewEvent[] = events.map((event, index) => ({
        id: seed ? derivedEventId(seed, `${command.type}:${index}`) : newEventId(),
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: event.data,
        metadata: {
          correlationId: ctx.correlationId,
          causationId: ctx.causationId,
          commandId: ctx.commandId,
          actor: ctx.actor,
          source: ctx.source,
          command: command.type,
          // The command itself rides on the first event of its batch, so `verify` can re-decide it.
          ...(index === 0
            ? { commandData: JSON.stringify(command.data), batchSize: String(events.length) }
            : {}),
        },
      }));
      try {
        const expected = loaded.revision < 0 ? 'no_stream' : loaded.revision;
        const appended = await this.store.append(containerStream(id), newEvents, expected);
        let state = loaded.state;
        for (const event of events) state = evolve(state, event);
        return { id, events, position: appended.position, state, revision: appended.nextExpectedRevision };
      } catch (error) {
        if (error instanceof WrongExpectedVersionError && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
    }
  }
}
