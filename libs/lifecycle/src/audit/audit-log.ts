import { Inject, Injectable, Logger } from '@nestjs/common';
import { type ContainerCommand, isDomainError } from '@berth/domain';
import type { EventStore } from '@berth/event-store';
import type { CommandContext } from '../command/command-context';
import { newEventId } from '../support/event-ids';
import { EVENT_STORE } from '../tokens';

export const AUDIT_STREAM = 'audit-commands';
export const AUDIT_EVENT = 'CommandAudited';

export type AuditOutcome = 'accepted' | 'rejected' | 'not_modified';

/** One command as the audit stream records it. */
export interface CommandAudited {
  readonly command: string;
  /** The container id, or the reference the user typed when it did not resolve. */
  readonly container: string;
  readonly actor: string;
  readonly source: string;
  readonly commandId?: string;
  readonly outcome: AuditOutcome;
  readonly errorKind?: string;
  readonly error?: string;
  /** Position of the last event the command wrote (accepted with events). */
  readonly position?: number;
  readonly eventCount: number;
}

/**
 * The command audit stream: every user command, accepted or rejected, with who, from where,
 * outcome and error class — "who tried to start X and why was it refused".
 */
@Injectable()
export class AuditLog {
  private readonly logger = new Logger('AuditLog');

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  accepted(
    command: ContainerCommand,
    container: string,
    ctx: CommandContext,
    position: number,
    eventCount: number,
  ): Promise<void> {
    return this.record(ctx, {
      command: command.type,
      container,
      actor: ctx.actor ?? 'anonymous',
      source: ctx.source ?? 'unknown',
      commandId: ctx.commandId,
      outcome: 'accepted',
      position,
      eventCount,
    });
  }

  rejected(command: ContainerCommand, container: string, ctx: CommandContext, error: unknown): Promise<void> {
    const kind = isDomainError(error) ? error.kind : 'system';
    return this.record(ctx, {
      command: command.type,
      container,
      actor: ctx.actor ?? 'anonymous',
      source: ctx.source ?? 'unknown',
      commandId: ctx.commandId,
      outcome: kind === 'not_modified' ? 'not_modified' : 'rejected',
      errorKind: kind,
      error: error instanceof Error ? error.message : String(error),
      eventCount: 0,
    });
  }

  private async record(ctx: CommandContext, data: CommandAudited): Promise<void> {
    try {
      await this.store.append(
        AUDIT_STREAM,
        [
          {
            id: newEventId(),
            type: AUDIT_EVENT,
            schemaVersion: 1,
            data,
            metadata: {
              actor: data.actor,
              source: data.source,
              commandId: ctx.commandId,
              correlationId: ctx.correlationId,
            },
          },
        ],
        'any',
      );
    } catch (error) {
      // The command's own outcome stands; a lost audit record is reported, not thrown.
      this.logger.error(
        `could not record the audit of ${data.command} on ${data.container}: ${String(error)}`,
      );
    }
  }
}
