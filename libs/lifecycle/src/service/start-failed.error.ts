import { DomainError, type StartStage } from '@berth/domain';

/** A start that failed in the saga: the runtime's (or host's) error, as dockerd returns it (500). */
export class StartFailedError extends DomainError {
  constructor(
    message: string,
    readonly stage: StartStage,
    readonly exitCode: number,
  ) {
    super('system', message);
  }
}
