import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { type DomainErrorKind, isDomainError } from '@berth/domain';
import { StartFailedError } from '@berth/lifecycle';

/** A request the API refuses before it reaches the domain (a malformed field). */
export class RequestError extends Error {
  override readonly name = 'RequestError';
}

/** The domain's error classes as gRPC status codes (NotModified is answered OK with not_modified). */
export const GRPC_CODE_OF: Readonly<Record<DomainErrorKind, status>> = {
  invalid_parameter: status.INVALID_ARGUMENT,
  not_found: status.NOT_FOUND,
  conflict: status.FAILED_PRECONDITION,
  not_modified: status.ALREADY_EXISTS,
  forbidden: status.PERMISSION_DENIED,
  system: status.INTERNAL,
};

function serviceError(code: status, message: string, metadata: Metadata): ServiceError {
  return Object.assign(new Error(message), { code, details: message, metadata });
}

/**
 * Any error as the status a client receives: DomainError by its kind (trailing metadata
 * berth-error-kind; a failed start adds berth-start-stage and berth-exit-code), RequestError as
 * INVALID_ARGUMENT, anything else INTERNAL.
 */
export function toServiceError(error: unknown): ServiceError {
  const metadata = new Metadata();
  if (isDomainError(error)) {
    metadata.set('berth-error-kind', error.kind);
    if (error instanceof StartFailedError) {
      metadata.set('berth-start-stage', error.stage);
      metadata.set('berth-exit-code', String(error.exitCode));
    }
    return serviceError(GRPC_CODE_OF[error.kind], error.message, metadata);
  }
  if (error instanceof RequestError) {
    metadata.set('berth-error-kind', 'invalid_parameter');
    return serviceError(status.INVALID_ARGUMENT, error.message, metadata);
  }
  metadata.set('berth-error-kind', 'system');
  return serviceError(status.INTERNAL, error instanceof Error ? error.message : String(error), metadata);
}
