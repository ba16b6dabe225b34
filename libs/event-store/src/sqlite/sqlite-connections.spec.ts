import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collect } from '../testing/contract-context';
import { openSqliteEventStore, type SqliteEventStore } from './sqlite-event-store';
import { runAppendRace } from './testing/run-append-race';
import type { RaceOutcome } from './testing/append-race.worker';

/** Several connections to one file, in worker threads, so appends really race in SQLite. */
describe('SqliteEventStore with several connections to one file', () => {
  let dir: string;
  let path: string;
  let store: SqliteEventStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'berth-sqlite-connections-'));
    path = join(dir, 'events.db');
    store = await openSqliteEventStore({ path });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const successes = (outcomes: RaceOutcome[][]) => outcomes.flat().filter((outcome) => outcome.ok);
  const failures = (outcomes: RaceOutcome[][]) => outcomes.flat().filter((outcome) => !outcome.ok);

  it('50 appends from 10 threads with the same expected revision: exactly one wins, 49 WrongExpectedVersion', async () => {
    await store.append('raced', [{ id: 'first', type: 'Created', schemaVersion: 1, data: {} }], 'no_stream');
    const outcomes = await runAppendRace(10, {
      path,
      stream: 'raced',
      appends: 5,
      eventsPerAppend: 1,
      expected: 0,
    });
    expect(successes(outcomes)).toHaveLength(1);
    expect(failures(outcomes)).toHaveLength(49);
    for (const failure of failures(outcomes)) {
      expect(failure).toMatchObject({ name: 'WrongExpectedVersionError', expected: 0, actual: 1 });
    }
    expect(await store.readStream('raced')).toHaveLength(2);
  });

  it("appends with 'any' from 8 threads all succeed (no SQLITE_BUSY) with contiguous revisions", async () => {
    const outcomes = await runAppendRace(8, {
      path,
      stream: 'busy',
      appends: 50,
      eventsPerAppend: 2,
      expected: 'any',
    });
    expect(failures(outcomes)).toEqual([]);
    const stored = await store.readStream('busy');
    expect(stored.map((event) => event.revision)).toEqual(Array.from({ length: 800 }, (_, n) => n));
    const order = new Map(stored.map((event) => [event.id, event.position]));
    for (const thread of outcomes) {
      const positions = thread.flatMap((outcome) =>
        outcome.ok ? outcome.ids.map((id) => order.get(id) ?? -1) : [],
      );
      expect(positions.every((position, n) => n === 0 || position > positions[n - 1])).toBe(true);
    }
  });

  it('read-decide-append with retry on conflict from 6 threads loses no append', async () => {
    const outcomes = await runAppendRace(6, {
      path,
      stream: 'optimistic',
      appends: 20,
      eventsPerAppend: 1,
      expected: 'retry',
    });
    expect(failures(outcomes)).toEqual([]);
    expect(await store.readStream('optimistic')).toHaveLength(120);
  });

  it('a subscription sees appends made through another connection (poll fallback)', async () => {
    const subscription = store.subscribeToAll({ after: 'end' });
    const other = await openSqliteEventStore({ path });
    try {
      setTimeout(
        () =>
          void other.append(
            'elsewhere',
            [{ id: 'remote', type: 'Written', schemaVersion: 1, data: {} }],
            'any',
          ),
        30,
      );
      const [received] = await collect(
        subscription,
        () => true,
        (got) => got.length >= 1,
        2_000,
      );
      expect(received).toMatchObject({ id: 'remote', stream: 'elsewhere', revision: 0 });
    } finally {
      await subscription.close();
      await other.close();
    }
  });
});
