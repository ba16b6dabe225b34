import { status as Status } from '@grpc/grpc-js';
import { RuntimeCallError } from '../runtime.port';

/** The gRPC error shape grpc-js rejects with (ServiceError), narrowed from unknown. */
export interface GrpcError extends Error {
  readonly code: number;
  readonly details: string;
}

export function isGrpcError(error: unknown): error is GrpcError {
  return (
    error instanceof Error &&
    typeof (error as Partial<GrpcError>).code === 'number' &&
    typeof (error as Partial<GrpcError>).details === 'string'
  );
}

export function grpcCode(error: unknown): number | undefined {
  return isGrpcError(error) ? error.code : undefined;
}

export const isNotFound = (error: unknown): boolean => grpcCode(error) === Status.NOT_FOUND;
export const isAlreadyExists = (error: unknown): boolean => grpcCode(error) === Status.ALREADY_EXISTS;
/** containerd is not answering (down, restarting, socket gone). */
export const isUnavailable = (error: unknown): boolean => grpcCode(error) === Status.UNAVAILABLE;

function kindOf(code: number): RuntimeCallError['kind'] {
  switch (code) {
    case Status.NOT_FOUND:
      return 'not_found';
    case Status.ALREADY_EXISTS:
      return 'already_exists';
    case Status.INVALID_ARGUMENT:
      return 'invalid';
    default:
      return 'unknown';
  }
}

/**
 * A failed containerd call as the port's RuntimeCallError: the message is containerd's text verbatim
 * (gRPC `details`, e.g. runc's "… exec: \"/bin/nope\": stat /bin/nope: no such file or directory: unknown").
 */
export function toRuntimeCallError(error: unknown): RuntimeCallError {
  if (error instanceof RuntimeCallError) return error;
  if (isGrpcError(error)) return new RuntimeCallError(error.details || error.message, kindOf(error.code));
  return new RuntimeCallError(error instanceof Error ? error.message : String(error));
}
