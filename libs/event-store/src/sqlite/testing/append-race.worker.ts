import { randomUUID } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import type { ExpectedRevision } from '../../event-store.port';
import { openSqliteEventStore } from '../sqlite-event-store';

/** What the parent asks: appends to one stream, started together through `start`. */
export interface RaceOrder {
  readonly path: string;
  readonly stream: string;
  readonly appends: number;
  readonly eventsPerAppend: number;
  /** 'retry': read the head, append with it as exact revision, retry on conflict. */
  readonly expected: ExpectedRevision | 'retry';
  /** Int32 slot 0 turns 1 when every worker is ready. */
  readonly start: SharedArrayBuffer;
}

export type RaceOutcome =
  | { readonly ok: true; readonly ids: readonly string[]; readonly retries: number }
  | {
      readonly ok: false;
      readonly name: string;
      readonly message: string;
      readonly expected?: unknown;
      readonly actual?: unknown;
    };

async function race(order: RaceOrder): Promise<RaceOutcome[]> {
  const store = await openSqliteEventStore({ path: order.path });
  const outcomes: RaceOutcome[] = [];
  parentPort?.postMessage({ ready: true });
  Atomics.wait(new Int32Array(order.start), 0, 0);
  try {
    for (let n = 0; n < order.appends; n += 1) {
      const events = Array.from({ length: order.eventsPerAppend }, () => ({
        id: randomUUID(),
        type: 'Raced',
        schemaVersion: 1,
        data: { n },
      }));
      let retries = 0;
      for (;;) {
        const expected = order.expected === 'retry' ? await head(store, order.stream) : order.expected;
        try {
          await store.append(order.stream, events, expected);
          outcomes.push({ ok: true, ids: events.map((event) => event.id), retries });
          break;
        } catch (error) {
          const failure = error as { name: string; message: string; expected?: unknown; actual?: unknown };
          if (order.expected === 'retry' && failure.name === 'WrongExpectedVersionError') {
            retries += 1;
            continue;
          }
          outcomes.push({
            ok: false,
            name: failure.name,
            message: failure.message,
            expected: failure.expected,
            actual: failure.actual,
          });
          break;
        }
      }
    }
  } finally {
    await store.close();
  }
  return outcomes;
}

async function head(
  store: Awaited<ReturnType<typeof openSqliteEventStore>>,
  stream: string,
): Promise<ExpectedRevision> {
  const [last] = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
  return last === undefined ? 'no_stream' : last.revision;
}

race((workerData as { order: RaceOrder }).order).then(
  (outcomes) => parentPort?.postMessage({ outcomes }),
  (error: unknown) =>
    parentPort?.postMessage({ failed: error instanceof Error ? error.stack : String(error) }),
);
