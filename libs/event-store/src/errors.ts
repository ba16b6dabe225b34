import type { ExpectedRevision } from './event-store.port';

/** The actual state of a stream when an append's expectation failed. */
export type ActualRevision = number | 'no_stream';

/** An append's expected revision did not match the stream. Retry by re-reading and re-deciding. */
export class WrongExpectedVersionError extends Error {
  override readonly name = 'WrongExpectedVersionError';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: ActualRevision,
  ) {
    super(`wrong expected version on stream ${stream}: expected ${String(expected)}, actual ${String(actual)}`);
  }
}

/** The store cannot be opened or used (bad path, not a berth store, corrupted file). Names the path. */
export class EventStoreUnavailableError extends Error {
  override readonly name = 'EventStoreUnavailableError';
  constructor(
    message: string,
    readonly location: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
