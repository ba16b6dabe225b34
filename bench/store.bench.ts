/**
 * `npm run bench:store`: the SQLite event store adapter against raw better-sqlite3 on the same
 * schema, file layout and pragmas (WAL, synchronous=NORMAL), measured in the same run.
 *   - appends/s, one event per append, and five events per append (one transaction per append;
 *     the raw baseline knows each stream's revision in memory and only INSERTs);
 *   - readAll events/s (raw: SELECT every row, JSON.parse of data).
 * Each figure is the best of a few interleaved rounds on fresh files; goals: appends ≥ 0.8 × raw, readAll ≥ 0.7 × raw.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore, type NewEvent } from '@berth/event-store';

const ROUNDS = 3;
const SINGLE_APPENDS = 10_000;
const BATCH_APPENDS = 3_000;
const BATCH_SIZE = 5;
const STREAMS = 100;
const READ_ROUNDS = 6;

interface Figure {
  readonly label: string;
  readonly adapter: number;
  readonly raw: number;
  readonly goal: number;
  readonly unit: string;
}

const work = mkdtempSync(join(tmpdir(), 'berth-bench-store-'));
let files = 0;
const freshPath = (): string => join(work, `events-${(files += 1)}.db`);

function makeEvents(count: number): NewEvent[] {
  const correlationId = randomUUID();
  return Array.from({ length: count }, (_, n) => ({
    id: randomUUID(),
    type: 'ContainerStarted',
    schemaVersion: 1,
    data: {
      containerId: randomUUID().replace(/-/g, '').repeat(2),
      pid: 1000 + n,
      startedAt: new Date().toISOString(),
      restartCount: 0,
    },
    metadata: {
      correlationId,
      causationId: randomUUID(),
      commandId: randomUUID(),
      actor: 'bench',
      source: 'bench/store',
    },
  }));
}

function batches(events: readonly NewEvent[], size: number): NewEvent[][] {
  const out: NewEvent[][] = [];
  for (let i = 0; i < events.length; i += size) out.push(events.slice(i, i + size));
  return out;
}

/** Creates a store file through the adapter (same schema and pragmas), then opens it raw. */
async function rawDatabase(path: string): Promise<Database.Database> {
  await (await openSqliteEventStore({ path })).close();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('temp_store = MEMORY');
  return db;
}

async function rawAppends(appends: readonly NewEvent[][]): Promise<number> {
  const db = await rawDatabase(freshPath());
  const insert = db.prepare(
    'INSERT INTO events (id, stream, revision, type, schema_version, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const revisions = new Map<string, number>();
  const append = db.transaction((stream: string, events: readonly NewEvent[]) => {
    const recordedAt = new Date().toISOString();
    let revision = revisions.get(stream) ?? -1;
    for (const event of events) {
      revision += 1;
      insert.run(
        event.id,
        stream,
        revision,
        event.type,
        event.schemaVersion,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        recordedAt,
      );
    }
    revisions.set(stream, revision);
  });
  const started = process.hrtime.bigint();
  appends.forEach((events, n) => append(`container-${n % STREAMS}`, events));
  const seconds = elapsed(started);
  db.close();
  return appends.length / seconds;
}

async function adapterAppends(appends: readonly NewEvent[][], path = freshPath()): Promise<number> {
  const store = await openSqliteEventStore({ path });
  const revisions = new Map<string, number>();
  const started = process.hrtime.bigint();
  for (const [n, events] of appends.entries()) {
    const stream = `container-${n % STREAMS}`;
    const result = await store.append(stream, events, revisions.get(stream) ?? 'no_stream');
    revisions.set(stream, result.nextExpectedRevision);
  }
  const seconds = elapsed(started);
  await store.close();
  return appends.length / seconds;
}

async function readAllRates(path: string): Promise<{ adapter: number; raw: number; events: number }> {
  const store = await openSqliteEventStore({ path });
  const db = new Database(path, { readonly: true });
  const select = db.prepare(
    'SELECT position, id, stream, revision, type, schema_version, data, metadata, recorded_at FROM events WHERE position > ? ORDER BY position',
  );
  let adapter = 0;
  let raw = 0;
  let events = 0;
  const readRaw = (): void => {
    const started = process.hrtime.bigint();
    const rows = select.all(0) as { data: unknown }[];
    for (const row of rows) row.data = JSON.parse(row.data as string);
    raw = Math.max(raw, rows.length / elapsed(started));
  };
  const readAdapter = async (): Promise<void> => {
    const started = process.hrtime.bigint();
    const read = await store.readAll();
    adapter = Math.max(adapter, read.length / elapsed(started));
    events = read.length;
  };
  for (let round = 0; round < READ_ROUNDS; round += 1) {
    if (round % 2 === 0) {
      readRaw();
      await readAdapter();
    } else {
      await readAdapter();
      readRaw();
    }
  }
  db.close();
  await store.close();
  return { adapter, raw, events };
}

function elapsed(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Best of ROUNDS for each, rounds interleaved so both see the same machine load. */
async function compare(
  raw: () => Promise<number>,
  adapter: () => Promise<number>,
): Promise<{ raw: number; adapter: number }> {
  const best = { raw: 0, adapter: 0 };
  for (let round = 0; round < ROUNDS; round += 1) {
    best.raw = Math.max(best.raw, await raw());
    best.adapter = Math.max(best.adapter, await adapter());
  }
  return best;
}

function print(figures: readonly Figure[]): boolean {
  const number = (value: number): string => Math.round(value).toLocaleString('en-US');
  console.log(
    `${'measure'.padEnd(28)}${'adapter'.padStart(12)}${'raw'.padStart(12)}${'ratio'.padStart(8)}  goal`,
  );
  let met = true;
  for (const figure of figures) {
    const ratio = figure.adapter / figure.raw;
    const ok = ratio >= figure.goal;
    met &&= ok;
    console.log(
      `${`${figure.label} (${figure.unit})`.padEnd(28)}${number(figure.adapter).padStart(12)}${number(figure.raw).padStart(12)}` +
        `${ratio.toFixed(2).padStart(8)}  ≥ ${figure.goal.toFixed(1)} ${ok ? 'met' : 'NOT MET'}`,
    );
  }
  return met;
}

async function main(): Promise<void> {
  const version = new Database(':memory:').prepare('SELECT sqlite_version()').pluck().get() as string;
  console.log(
    `berth event store benchmark — SQLite ${version}, WAL, synchronous=NORMAL, Node ${process.version}`,
  );
  console.log(
    `${SINGLE_APPENDS} single-event appends, ${BATCH_APPENDS} ${BATCH_SIZE}-event appends over ${STREAMS} streams; best of ${ROUNDS}\n`,
  );
  const singles = batches(makeEvents(SINGLE_APPENDS), 1);
  const fives = batches(makeEvents(BATCH_APPENDS * BATCH_SIZE), BATCH_SIZE);

  // Warm up both paths (JIT, page cache) on throw-away files.
  await rawAppends(singles.slice(0, 2_000));
  await adapterAppends(singles.slice(0, 2_000));

  const single = await compare(
    () => rawAppends(singles),
    () => adapterAppends(singles),
  );
  const five = await compare(
    () => rawAppends(fives),
    () => adapterAppends(fives),
  );

  const readPath = freshPath();
  await adapterAppends([...singles, ...fives], readPath);
  const read = await readAllRates(readPath);

  const met = print([
    { label: 'single-event appends', unit: 'appends/s', ...single, goal: 0.8 },
    { label: '5-event appends', unit: 'appends/s', ...five, goal: 0.8 },
    {
      label: '5-event appends',
      unit: 'events/s',
      adapter: five.adapter * BATCH_SIZE,
      raw: five.raw * BATCH_SIZE,
      goal: 0.8,
    },
    { label: `readAll ${read.events}`, unit: 'events/s', adapter: read.adapter, raw: read.raw, goal: 0.7 },
  ]);
  console.log(met ? '\nall goals met' : '\nsome goals NOT met');
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(work, { recursive: true, force: true }));
