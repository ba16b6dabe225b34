import { Metadata, status, type ServiceError } from '@grpc/grpc-js';

/** An error the CLI reports in one line and exits with. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export function isServiceError(error: unknown): error is ServiceError {
  return (
    error instanceof Error &&
    typeof (error as Partial<ServiceError>).code === 'number' &&
    (error as Partial<ServiceError>).metadata instanceof Metadata
  );
}

const first = (metadata: Metadata, key: string): string | undefined => {
  const [value] = metadata.get(key);
  return typeof value === 'string' ? value : undefined;
};

/** A gRPC error in words: berthd's message, and how to reach it when it could not be reached. */
export function describeError(error: unknown, address: string): string {
  if (!isServiceError(error)) return error instanceof Error ? error.message : String(error);
  if (error.code === status.UNAVAILABLE) {
    return `cannot reach berthd at ${address}: ${error.details} (is berthd running? use --host, BERTH_GRPC_ADDR or BERTH_DATA_DIR)`;
  }
  const stage = first(error.metadata, 'berth-start-stage');
  const exitCode = first(error.metadata, 'berth-exit-code');
  return stage ? `${error.details} (start failed at ${stage}, exit code ${exitCode ?? '?'})` : error.details;
}
