import {
  AccessDeniedError,
  DeadlineExceededError,
  NotLeaderError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError as KurrentWrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { EventStoreUnavailableError, WrongExpectedVersionError } from '../errors';
import type { ExpectedRevision } from '../event-store.port';
import { toActualRevision } from './revision-mapping';

/** gRPC status UNAVAILABLE: the client surfaces some connection failures as plain errors with this code. */
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

export interface ErrorContext {
  /** The stream as the caller named it (without namespace). */
  readonly stream?: string;
  /** What the caller expected, for append errors (the server's echo of it is less precise). */
  readonly expected?: ExpectedRevision;
  /** The connection string without credentials, named in "unavailable" errors. */
  readonly location: string;
}

/** A read of a stream that does not exist: the port reads it as empty. */
export function isStreamNotFound(error: unknown): boolean {
  return error instanceof StreamNotFoundError;
}

export function isClientWrongExpectedVersion(error: unknown): error is KurrentWrongExpectedVersionError {
  return error instanceof KurrentWrongExpectedVersionError;
}

/**
 * The client's errors to the port's: wrong expected version → ours (with the caller's expectation
 * and the actual revision); connection, deadline, leader and permission failures → EventStoreUnavailableError
 * naming the server; anything else is returned unchanged.
 */
export function translateClientError(error: unknown, context: ErrorContext): unknown {
  if (error instanceof KurrentWrongExpectedVersionError) {
    const stream = context.stream ?? error.streamName;
    const expected = context.expected ?? 'any';
    return new WrongExpectedVersionError(stream, expected, toActualRevision(error.actualState));
  }
  if (error instanceof AccessDeniedError) {
    return new EventStoreUnavailableError(
      `KurrentDB at ${context.location} denied access (check the credentials in the connection string): ${error.message}`,
      context.location,
      { cause: error },
    );
  }
  if (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof NotLeaderError ||
    hasGrpcCode(error, GRPC_UNAVAILABLE) ||
    hasGrpcCode(error, GRPC_DEADLINE_EXCEEDED)
  ) {
    const detail =
      error instanceof Error && error.message !== ''
        ? error.message
        : error instanceof Error
          ? error.name
          : String(error);
    return new EventStoreUnavailableError(
      `KurrentDB at ${context.location} is unavailable: ${detail}`,
      context.location,
      {
        cause: error,
      },
    );
  }
  return error;
}

function hasGrpcCode(error: unknown, code: number): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}

/** The connection string with any user:password removed, for messages and logs. */
export function redactConnectionString(connectionString: string): string {
  return connectionString.replace(/^([a-z+]+:\/\/)[^@/]*@/i, '$1***@');
}
