/** Who sent a command and from where (recorded in event metadata and the audit stream). */
export interface CommandContext {
  /** Who: a user name, 'saga', 'restart-manager', 'runtime'. */
  readonly actor?: string;
  /** From where: 'docker-api', 'grpc', 'cli', 'saga', ... */
  readonly source?: string;
  /** Idempotency key chosen by the client. */
  readonly commandId?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
}

export const SAGA: CommandContext = { actor: 'berthd', source: 'saga' };
