import Database from 'better-sqlite3';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventStoreUnavailableError } from '../errors';
import { openSqliteEventStore } from './sqlite-event-store';

const isRoot = process.getuid?.() === 0;

describe('opening a SQLite event store at a bad location', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'berth-sqlite-open-'));
  });
  afterEach(() => {
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  });

  async function expectRefused(path: string, reason: RegExp): Promise<EventStoreUnavailableError> {
    const error: unknown = await openSqliteEventStore({ path }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(EventStoreUnavailableError);
    const refused = error as EventStoreUnavailableError;
    expect(refused.location).toBe(path);
    expect(refused.message).toContain(path);
    expect(refused.message).toMatch(reason);
    return refused;
  }

  /** Asserts that refusing `file` left it byte-identical and added no file beside it. */
  async function expectUntouched(file: string, reason: RegExp): Promise<void> {
    const bytes = readFileSync(file);
    const before = readdirSync(dir).sort();
    await expectRefused(file, reason);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(before);
  }

  it('refuses a path whose parent is a regular file', async () => {
    writeFileSync(join(dir, 'plain-file'), 'x');
    await expectRefused(join(dir, 'plain-file', 'events.db'), /not writable/);
  });

  it('refuses a path that is a directory', async () => {
    mkdirSync(join(dir, 'events.db'));
    await expectRefused(join(dir, 'events.db'), /not a regular file/);
  });

  it.skipIf(process.platform !== 'linux')(
    'refuses a path under /proc, which not even root can write',
    async () => {
      await expectRefused(`/proc/berth-${process.pid}/events.db`, /not writable/);
    },
  );

  it.skipIf(isRoot)('refuses a directory without write permission', async () => {
    chmodSync(dir, 0o500);
    await expectRefused(join(dir, 'events.db'), /not writable/);
  });

  it.skipIf(isRoot)('refuses a store file without write permission', async () => {
    const path = join(dir, 'events.db');
    await (await openSqliteEventStore({ path })).close();
    chmodSync(path, 0o400);
    await expectRefused(path, /not readable and writable/);
  });

  it('refuses a file that is not SQLite, leaving it byte-identical', async () => {
    const file = join(dir, 'events.db');
    writeFileSync(file, Buffer.from('this is a text file, not a database\n'.repeat(200)));
    await expectUntouched(file, /not an SQLite database/);
  });

  it("refuses another application's SQLite database, leaving it byte-identical", async () => {
    const file = join(dir, 'events.db');
    const foreign = new Database(file);
    foreign.exec(
      "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('ada');",
    );
    foreign.close();
    await expectUntouched(file, /not a berth event store \(tables: customers\)/);
  });

  it('refuses a corrupted berth store, leaving it byte-identical', async () => {
    const file = join(dir, 'events.db');
    const store = await openSqliteEventStore({ path: file });
    await store.append(
      'container-1',
      [{ id: 'e1', type: 'Created', schemaVersion: 1, data: {} }],
      'no_stream',
    );
    await store.close();
    const bytes = readFileSync(file);
    bytes.fill(0xa5, 100, 4096); // the schema page, after the 100-byte header
    writeFileSync(file, bytes);
    await expectUntouched(file, /corrupted|malformed/);
  });

  it('refuses a store written by a newer berth', async () => {
    const file = join(dir, 'events.db');
    await (await openSqliteEventStore({ path: file })).close();
    const db = new Database(file);
    db.prepare("UPDATE berth_meta SET value = '99' WHERE key = 'schema_version'").run();
    db.close();
    await expectUntouched(file, /newer berth \(schema 99/);
  });

  it('creates a missing directory and an empty file as a new store', async () => {
    const nested = join(dir, 'a', 'b', 'events.db');
    await (await openSqliteEventStore({ path: nested })).close();
    const empty = join(dir, 'empty.db');
    writeFileSync(empty, '');
    const store = await openSqliteEventStore({ path: empty });
    expect(await store.headPosition()).toBe(0);
    await store.close();
  });
});
