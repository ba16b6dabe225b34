import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore, NewEvent, RecordedEvent } from '../event-store.port';
import { openSqliteEventStore } from '../sqlite/sqlite-event-store';
import { migrateEvents } from './migrate-events';
import { MigrationConflictError } from './migration-conflict.error';

const EVENTS = 50_000;
const STREAMS = 400;

let dir: string;
let source: EventStore;
let sourceEvents: RecordedEvent[];
const targets: EventStore[] = [];

async function newTarget(): Promise<EventStore> {
  const store = await openSqliteEventStore({ path: join(dir, `target-${randomUUID()}.db`) });
  targets.push(store);
  return store;
}

async function readEverything(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({
      after: all.length > 0 ? all[all.length - 1].position : 0,
      maxCount: 10_000,
    });
    if (page.length === 0) return all;
    all.push(...page);
  }
}

/** A target whose Nth checkpoint write fails: a crash after a batch was appended, before its checkpoint. */
function crashingAtCheckpoint(store: EventStore, failingCall: number): EventStore {
  let calls = 0;
  return {
    name: store.name,
    append: (stream, events, expected) => store.append(stream, events, expected),
    readStream: (stream, options) => store.readStream(stream, options),
    readAll: (options) => store.readAll(options),
    subscribeToAll: (options) => store.subscribeToAll(options),
    headPosition: () => store.headPosition(),
    readCheckpoint: (name) => store.readCheckpoint(name),
    storeCheckpoint: async (name, position) => {
      calls += 1;
      if (calls === failingCall) throw new Error('simulated crash before the checkpoint');
      return store.storeCheckpoint(name, position);
    },
    close: () => store.close(),
  };
}

/** What must hold after any migration that finished: every event once, same order, same content. */
function expectFaithfulCopy(copied: readonly RecordedEvent[]): void {
  expect(copied).toHaveLength(EVENTS);
  expect(new Set(copied.map((event) => event.id)).size).toBe(EVENTS);
  expect(copied.map((event) => event.id)).toEqual(sourceEvents.map((event) => event.id));
  const nextRevision = new Map<string, number>();
  for (const [index, event] of copied.entries()) {
    const original = sourceEvents[index];
    expect(event.revision).toBe(nextRevision.get(event.stream) ?? 0); // contiguous per stream
    nextRevision.set(event.stream, event.revision + 1);
    if (index % 97 === 0 || index === EVENTS - 1) {
      expect(event).toMatchObject({
        stream: original.stream,
        revision: original.revision,
        type: original.type,
        schemaVersion: original.schemaVersion,
        data: original.data,
      });
      const { recordedAt: _source, ...metadata } = original.metadata;
      expect(event.metadata).toEqual({
        ...metadata,
        originalRecordedAt: original.recordedAt,
        recordedAt: event.recordedAt,
      });
    }
  }
  for (let index = 1; index < copied.length; index += 1)
    expect(copied[index].position).toBeGreaterThan(copied[index - 1].position);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-migrate-'));
  source = await openSqliteEventStore({ path: join(dir, 'source.db') });
  // 50 000 events in 400 streams, appended in batches of 1–4 to streams in a shuffled order.
  let written = 0;
  let step = 0;
  while (written < EVENTS) {
    const stream = `container-${(step * 7919) % STREAMS}`;
    const size = Math.min(1 + (step % 4), EVENTS - written);
    const events: NewEvent[] = Array.from({ length: size }, (_, n) => ({
      id: randomUUID(),
      type: (written + n) % 3 === 0 ? 'StartRequested' : 'ContainerStarted',
      schemaVersion: 1 + ((written + n) % 2),
      data: { n: written + n, text: `évènement ${written + n}`, nested: { list: [1, 2, written + n] } },
      metadata: {
        correlationId: `corr-${step}`,
        causationId: `cause-${written + n}`,
        commandId: `cmd-${step}`,
        actor: step % 2 === 0 ? 'alice' : 'bob',
        source: 'migrate-test',
        ...(n === 0 ? { note: 'first of its batch' } : {}),
      },
    }));
    await source.append(stream, events, 'any');
    written += size;
    step += 1;
  }
  sourceEvents = await readEverything(source);
}, 120_000);

afterAll(async () => {
  await Promise.all(targets.map((target) => target.close()));
  await source?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('migrateEvents SQLite → SQLite', () => {
  it('copies 50 000 events of 400 streams keeping ids, order, revisions, data and metadata', async () => {
    const target = await newTarget();
    const progress: Array<[number, number]> = [];
    const result = await migrateEvents({
      from: source,
      to: target,
      checkpointName: 'full',
      batchSize: 1_000,
      onProgress: (copied, total) => progress.push([copied, total]),
    });
    expect(result).toMatchObject({
      copied: EVENTS,
      total: EVENTS,
      appended: EVENTS,
      skipped: 0,
      resumedFrom: 0,
    });
    expect(result.position).toBe(sourceEvents[EVENTS - 1].position);
    expectFaithfulCopy(await readEverything(target));
    expect(progress[0]).toEqual([0, EVENTS]);
    expect(progress[progress.length - 1]).toEqual([EVENTS, EVENTS]);
    expect(progress).toHaveLength(1 + EVENTS / 1_000);
    expect(await target.readCheckpoint('migrate:full')).toBe(result.position);

    const again = await migrateEvents({ from: source, to: target, checkpointName: 'full', batchSize: 1_000 });
    expect(again).toMatchObject({ copied: EVENTS, appended: 0, skipped: 0, resumedFrom: result.position });
    expect(await readEverything(target)).toHaveLength(EVENTS);
  }, 120_000);

  it('aborted after 3 batches and resumed, copies nothing twice', async () => {
    const target = await newTarget();
    const abort = new AbortController();
    let batches = 0;
    const stopped = migrateEvents({
      from: source,
      to: target,
      checkpointName: 'aborted',
      batchSize: 1_000,
      signal: abort.signal,
      onProgress: () => {
        if (batches++ === 3) abort.abort();
      },
    });
    await expect(stopped).rejects.toMatchObject({ name: 'AbortError' });
    expect(await readEverything(target)).toHaveLength(3_000);
    expect(await target.readCheckpoint('migrate:aborted')).toBe(sourceEvents[2_999].position);

    const progress: Array<[number, number]> = [];
    const resumed = await migrateEvents({
      from: source,
      to: target,
      checkpointName: 'aborted',
      batchSize: 1_000,
      onProgress: (copied, total) => progress.push([copied, total]),
    });
    expect(resumed).toMatchObject({
      copied: EVENTS,
      appended: EVENTS - 3_000,
      skipped: 0,
      resumedFrom: sourceEvents[2_999].position,
    });
    expect(progress[0]).toEqual([3_000, EVENTS]);
    expectFaithfulCopy(await readEverything(target));
  }, 120_000);

  it('crashed between an append and its checkpoint, resumed with another batch size: the copied batch is skipped, not duplicated', async () => {
    const target = await newTarget();
    const crashing = migrateEvents({
      from: source,
      to: crashingAtCheckpoint(target, 5),
      checkpointName: 'crash',
      batchSize: 1_000,
    });
    await expect(crashing).rejects.toThrow('simulated crash before the checkpoint');
    expect(await readEverything(target)).toHaveLength(5_000); // 5 batches appended…
    expect(await target.readCheckpoint('migrate:crash')).toBe(sourceEvents[3_999].position); // …4 checkpointed

    const resumed = await migrateEvents({
      from: source,
      to: target,
      checkpointName: 'crash',
      batchSize: 700,
    });
    expect(resumed).toMatchObject({ copied: EVENTS, skipped: 1_000, appended: EVENTS - 5_000 });
    expectFaithfulCopy(await readEverything(target));
  }, 120_000);

  it('completes a stream the target holds only the first events of (crash inside a run)', async () => {
    const small = await newTarget();
    const batch = Array.from({ length: 3 }, (_, n): NewEvent => ({
      id: randomUUID(),
      type: 'T',
      schemaVersion: 1,
      data: { n },
    }));
    await small.append('container-x', batch, 'no_stream');
    const [stored] = await small.readStream('container-x', { maxCount: 1 });
    const target = await newTarget();
    await target.append(
      'container-x',
      [{ id: stored.id, type: 'T', schemaVersion: 1, data: { n: 0 } }],
      'no_stream',
    );
    const result = await migrateEvents({ from: small, to: target, checkpointName: 'partial' });
    expect(result).toMatchObject({ copied: 3, appended: 2, skipped: 1 });
    expect((await target.readStream('container-x')).map((event) => event.id)).toEqual(
      batch.map((event) => event.id),
    );
  });

  it('refuses to copy over other events in the target', async () => {
    const target = await newTarget();
    const first = sourceEvents[0];
    await target.append(
      first.stream,
      [{ id: randomUUID(), type: 'Unrelated', schemaVersion: 1, data: {} }],
      'no_stream',
    );
    const migrating = migrateEvents({ from: source, to: target, checkpointName: 'conflict' });
    await expect(migrating).rejects.toBeInstanceOf(MigrationConflictError);
    await expect(migrating).rejects.toThrow(`cannot copy stream ${first.stream} from revision 0`);
    expect(await target.readStream(first.stream)).toHaveLength(1);
  });
});
