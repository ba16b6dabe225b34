import { DomainError, type StartStage } from '@berth/domain';

/**
 * A start that failed in the saga: the runtime's (or host's) error, classed as dockerd 20.10
 * classes it: the command cannot be run (127 not found, 126 not executable) is an invalid
 * parameter (HTTP 400), anything else a system error (500).
 */
export class StartFailedError extends DomainError {
  constructor(
    message: string,
    readonly stage: StartStage,
    readonly exitCode: number,
  ) {
    super(exitCode === 126 || exitCode === 127 ? 'invalid_parameter' : 'system', message);
  }
}
