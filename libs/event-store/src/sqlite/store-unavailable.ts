import { EventStoreUnavailableError } from '../errors';

/** An EventStoreUnavailableError whose message starts with the store's path. */
export function storeUnavailable(path: string, reason: string, cause?: unknown): EventStoreUnavailableError {
  return new EventStoreUnavailableError(
    `event store ${path}: ${reason}`,
    path,
    cause === undefined ? undefined : { cause },
  );
}

/** SQLite result codes that mean the file or its disk is unusable, not that a statement was wrong. */
const UNAVAILABLE_CODES = /^SQLITE_(CORRUPT|NOTADB|IOERR|READONLY|FULL|CANTOPEN|BUSY|LOCKED|PERM|AUTH)/;

/** Turns "the file is unusable" SQLite errors into EventStoreUnavailableError; returns others unchanged. */
export function translateSqliteError(path: string, error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.test(code)) {
    return storeUnavailable(path, `${error.message} (${code})`, error);
  }
  return error;
}
