import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventStoreUnavailableError } from '../errors';
import type { ExpectedRevision, NewEvent } from '../event-store.port';
import { withTimeout } from '../testing/contract-context';
import { runEventStoreContract } from '../testing/event-store.contract';
import { DuplicateEventIdError } from './duplicate-event-id.error';
import { openSqliteEventStore, type SqliteEventStore } from './sqlite-event-store';

runEventStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-sqlite-contract-'));
  const store = await openSqliteEventStore({ path: join(dir, 'events.db') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteEventStore', () => {
  let dir: string;
  let path: string;
  let store: SqliteEventStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'berth-sqlite-'));
    path = join(dir, 'events.db');
    store = await openSqliteEventStore({ path });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps events, positions and checkpoints across a close and reopen', async () => {
    await store.append('container-a', [event('a1'), event('a2')], 'no_stream');
    await store.append('container-b', [event('b1')], 'no_stream');
    await store.storeCheckpoint('projection', 2);
    const before = await store.readAll();
    await store.close();

    store = await openSqliteEventStore({ path });
    expect(await store.readAll()).toEqual(before);
    expect(await store.readCheckpoint('projection')).toBe(2);
    expect(await store.headPosition()).toBe(3);
    expect(await store.append('container-a', [event('a3')], 1)).toEqual({
      nextExpectedRevision: 2,
      position: 4,
    });
  });

  it("treats a re-append with 'any' of the last batch as the same append", async () => {
    const batch = [event('x1'), event('x2')];
    const original = await store.append('s', batch, 'any');
    await store.append('other', [event('o1')], 'any');
    expect(await store.append('s', batch, 'any')).toEqual(original);
    expect(await store.headPosition()).toBe(3);
  });

  it('refuses an event id stored in another stream, or twice in one batch, and stores nothing', async () => {
    await store.append('first', [event('shared')], 'no_stream');
    const reused = store.append('second', [event('fresh'), event('shared')], 'no_stream');
    await expect(reused).rejects.toBeInstanceOf(DuplicateEventIdError);
    await expect(reused).rejects.toThrow(
      'event id shared appended to stream second is already stored in stream first at revision 0',
    );
    await expect(store.append('second', [event('twice'), event('twice')], 'no_stream')).rejects.toThrow(
      'event id twice appears twice in one append to stream second',
    );
    expect(await store.headPosition()).toBe(1);
    expect(await store.readStream('second')).toEqual([]);
  });

  it('rejects appends it cannot store: no events, a bad expected revision, data that is not JSON', async () => {
    await expect(store.append('s', [], 'any')).rejects.toThrow(RangeError);
    await expect(store.append('s', [event('e')], -1)).rejects.toThrow(RangeError);
    await expect(store.append('s', [event('e')], 'latest' as ExpectedRevision)).rejects.toThrow(RangeError);
    await expect(store.append('s', [{ ...event('e'), data: undefined }], 'any')).rejects.toThrow(
      'data must be JSON',
    );
    expect(await store.headPosition()).toBe(0);
  });

  it('close() ends open subscriptions; later calls fail with EventStoreUnavailableError naming the file', async () => {
    const subscription = store.subscribeToAll({ after: 'end' });
    const pending = subscription[Symbol.asyncIterator]().next();
    await store.close();
    expect(await pending).toEqual({ done: true, value: undefined });
    await expect(store.headPosition()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.append('s', [event('late')], 'any')).rejects.toThrow(`event store ${path}: is closed`);
  });

  it('wakes a waiting subscription on append without waiting for the poll interval', async () => {
    await store.close();
    store = await openSqliteEventStore({ path, pollIntervalMs: 60_000 });
    const iterator = store.subscribeToAll({ after: 'end' })[Symbol.asyncIterator]();
    const pending = iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await store.append('s', [event('woken')], 'any');
    const next = await withTimeout(pending, 1_000, () => 'subscription was not woken by the append');
    expect(next.value?.id).toBe('woken');
  });
});

function event(id: string): NewEvent {
  return { id, type: 'Tested', schemaVersion: 1, data: { id } };
}
