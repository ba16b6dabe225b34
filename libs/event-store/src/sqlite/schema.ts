/**
 * The on-disk layout of a berth SQLite event store. A store is recognised by its `berth_meta`
 * rows (and by `PRAGMA application_id`); anything else is refused, never changed.
 */

/** `PRAGMA application_id` of a berth store: the bytes "BRTH". */
export const BERTH_APPLICATION_ID = 0x42525448;
/** `berth_meta.value` for key 'application'. */
export const BERTH_APPLICATION = 'berth-event-store';
/** The schema this build reads and writes. A higher version was written by a newer berth. */
export const SCHEMA_VERSION = 1;

export const REQUIRED_TABLES = ['berth_meta', 'events', 'checkpoints'] as const;

/**
 * `position` is the global position: INTEGER PRIMARY KEY AUTOINCREMENT never reuses a value, and
 * SQLite has one writer at a time, so positions become visible in increasing order (no gap can be
 * filled later — a subscription never misses an event by reading past it).
 * UNIQUE(stream, revision) is also the index that finds a stream's head revision.
 */
export const CREATE_SCHEMA = `
CREATE TABLE IF NOT EXISTS berth_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS events (
  position       INTEGER PRIMARY KEY AUTOINCREMENT,
  id             TEXT    NOT NULL UNIQUE,
  stream         TEXT    NOT NULL,
  revision       INTEGER NOT NULL,
  type           TEXT    NOT NULL,
  schema_version INTEGER NOT NULL,
  data           TEXT    NOT NULL,
  metadata       TEXT    NOT NULL,
  recorded_at    TEXT    NOT NULL,
  UNIQUE (stream, revision)
);

CREATE TABLE IF NOT EXISTS checkpoints (
  name       TEXT    PRIMARY KEY,
  position   INTEGER NOT NULL,
  updated_at TEXT    NOT NULL
) WITHOUT ROWID;

INSERT OR IGNORE INTO berth_meta (key, value) VALUES ('application', '${BERTH_APPLICATION}');
INSERT OR IGNORE INTO berth_meta (key, value) VALUES ('schema_version', '${SCHEMA_VERSION}');
`;

/** The columns every read selects, in this order (rows are read in raw/array mode). */
export const EVENT_COLUMNS =
  'position, id, stream, revision, type, schema_version, data, metadata, recorded_at';

export type EventRow = [
  position: number,
  id: string,
  stream: string,
  revision: number,
  type: string,
  schemaVersion: number,
  data: string,
  metadata: string,
  recordedAt: string,
];
