import Database from 'better-sqlite3';
import { accessSync, closeSync, constants, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { EventStoreUnavailableError } from '../errors';
import { makeDirectory } from './make-directory';
import {
  BERTH_APPLICATION,
  BERTH_APPLICATION_ID,
  CREATE_SCHEMA,
  REQUIRED_TABLES,
  SCHEMA_VERSION,
} from './schema';
import { storeUnavailable, translateSqliteError } from './store-unavailable';

export interface DatabaseOptions {
  readonly synchronous: 'normal' | 'full';
  readonly busyTimeoutMs: number;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Opens (or creates) the berth event store at `path` and returns a configured connection.
 *
 * A file that is not a berth store — not SQLite at all, another application's SQLite database,
 * a corrupted file, or a store written by a newer berth — is refused with an
 * EventStoreUnavailableError naming the path. Such a file is only read, never written: the
 * header is checked before SQLite opens it, and nothing (not even `journal_mode`) is set until
 * the file has been recognised as a berth store or as empty.
 *
 * Durability: WAL with `synchronous=NORMAL` (the default) — a committed append survives a crash
 * of the process, but a power loss or OS crash may lose the last commits (never corrupts the
 * file). `synchronous: 'full'` fsyncs every commit and survives power loss, at ≈ 1/5 the append rate.
 */
export function openBerthDatabase(path: string, options: DatabaseOptions): Database.Database {
  const file = resolve(path);
  checkLocation(file);
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: options.busyTimeoutMs });
  } catch (error) {
    throw storeUnavailable(file, `cannot open: ${message(error)}`, error);
  }
  try {
    recogniseOrCreate(db, file);
    configure(db, file, options);
    return db;
  } catch (error) {
    db.close();
    throw translateSqliteError(file, error);
  }
}

/** The directory exists (or is created) and is writable; an existing file is a writable SQLite file. */
function checkLocation(file: string): void {
  const dir = dirname(file);
  try {
    makeDirectory(dir);
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw storeUnavailable(
      file,
      `directory ${dir} cannot be created or is not writable: ${message(error)}`,
      error,
    );
  }
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw storeUnavailable(file, 'exists but is not a regular file');
    accessSync(file, constants.R_OK | constants.W_OK);
    size = stat.size;
  } catch (error) {
    if (isMissing(error)) return;
    if (error instanceof EventStoreUnavailableError) throw error;
    throw storeUnavailable(file, `file is not readable and writable: ${message(error)}`, error);
  }
  if (size > 0 && !hasSqliteHeader(file)) {
    throw storeUnavailable(
      file,
      'is not a berth event store (not an SQLite database); refusing to open or change it',
    );
  }
}

function hasSqliteHeader(file: string): boolean {
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, header, 0, header.length, 0) === header.length && header.equals(SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}

/** Reads only, until the file is known to be empty (then creates the schema) or a berth store. */
function recogniseOrCreate(db: Database.Database, file: string): void {
  const tables = tableNames(db, file);
  const applicationId = db.pragma('application_id', { simple: true });
  if (tables.length === 0 && applicationId === 0 && db.pragma('user_version', { simple: true }) === 0) {
    createSchema(db);
  } else if (
    !tables.includes('berth_meta') ||
    (applicationId !== 0 && applicationId !== BERTH_APPLICATION_ID)
  ) {
    const what = tables.length === 0 ? 'no tables' : `tables: ${tables.join(', ')}`;
    throw storeUnavailable(
      file,
      `is an SQLite database but not a berth event store (${what}); refusing to open or change it`,
    );
  }
  checkBerthStore(db, file);
}

function tableNames(db: Database.Database, file: string): string[] {
  try {
    return db
      .prepare<[], string>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .pluck()
      .all();
  } catch (error) {
    throw storeUnavailable(file, `is corrupted or not a berth event store: ${message(error)}`, error);
  }
}

function createSchema(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  // IMMEDIATE + IF NOT EXISTS: two processes creating the same new store do not collide.
  db.transaction(() => {
    db.exec(CREATE_SCHEMA);
    db.pragma(`application_id = ${BERTH_APPLICATION_ID}`);
  }).immediate();
}

function checkBerthStore(db: Database.Database, file: string): void {
  const meta = new Map(db.prepare<[], [string, string]>('SELECT key, value FROM berth_meta').raw().all());
  if (meta.get('application') !== BERTH_APPLICATION) {
    throw storeUnavailable(
      file,
      'has a berth_meta table but is not a berth event store; refusing to open or change it',
    );
  }
  const version = Number(meta.get('schema_version'));
  if (!Number.isInteger(version) || version < 1) {
    throw storeUnavailable(
      file,
      `is corrupted: schema version ${String(meta.get('schema_version'))} is not valid`,
    );
  }
  if (version > SCHEMA_VERSION) {
    throw storeUnavailable(
      file,
      `was written by a newer berth (schema ${version}; this build reads ${SCHEMA_VERSION})`,
    );
  }
  const tables = tableNames(db, file);
  const missing = REQUIRED_TABLES.filter((table) => !tables.includes(table));
  if (missing.length > 0) throw storeUnavailable(file, `is corrupted: missing tables ${missing.join(', ')}`);
}

function configure(db: Database.Database, file: string, options: DatabaseOptions): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw storeUnavailable(file, `cannot use WAL journal mode (got ${String(mode)})`);
  db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs))}`);
  db.pragma('temp_store = MEMORY');
  // SQLite may open a file it cannot write as read-only without telling: prove it can write.
  db.transaction(() => undefined).immediate();
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'ENOENT';
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
