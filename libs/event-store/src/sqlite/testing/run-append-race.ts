import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RaceOrder, RaceOutcome } from './append-race.worker';

/** Starts `workers` threads, each with its own connection to the store, and releases them at once. */
export async function runAppendRace(
  workers: number,
  order: Omit<RaceOrder, 'start'>,
): Promise<RaceOutcome[][]> {
  const start = new SharedArrayBuffer(4);
  const full: RaceOrder = { ...order, start };
  const threads = Array.from(
    { length: workers },
    () =>
      new Worker(join(__dirname, 'run-ts-worker.js'), {
        workerData: { script: join(__dirname, 'append-race.worker.ts'), order: full },
      }),
  );
  const ready = threads.map((thread) => message(thread, 'ready'));
  const results = threads.map((thread) => message(thread, 'outcomes'));
  try {
    await Promise.all(ready);
    Atomics.store(new Int32Array(start), 0, 1);
    Atomics.notify(new Int32Array(start), 0);
    return (await Promise.all(results)) as RaceOutcome[][];
  } finally {
    await Promise.all(threads.map((thread) => thread.terminate()));
  }
}

function message(thread: Worker, key: 'ready' | 'outcomes'): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onMessage = (value: Record<string, unknown>): void => {
      if ('failed' in value) reject(new Error(`worker failed: ${String(value.failed)}`));
      else if (key in value) {
        thread.off('message', onMessage);
        resolve(value[key]);
      }
    };
    thread.on('message', onMessage);
    thread.once('error', reject);
    thread.once('exit', (code) => reject(new Error(`worker exited with code ${code} before sending ${key}`)));
  });
}
