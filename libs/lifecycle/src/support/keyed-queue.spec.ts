import { describe, expect, it } from 'vitest';
import { KeyedQueue } from './keyed-queue';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('KeyedQueue', () => {
  it('runs one task at a time per key and keys concurrently', async () => {
    const log: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const q = new KeyedQueue(async (key) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      log.push(`start ${key}`);
      await tick(10);
      log.push(`end ${key}`);
      inFlight--;
    });
    await Promise.all([q.schedule('a'), q.schedule('b')]);
    expect(maxInFlight).toBe(2);
    expect(log.filter((l) => l.endsWith('a'))).toEqual(['start a', 'end a']);
  });

  it('re-runs a key scheduled while it runs, once, and never in parallel with itself', async () => {
    let runs = 0;
    let active = 0;
    const q = new KeyedQueue(async () => {
      active++;
      expect(active).toBe(1);
      runs++;
      await tick(5);
      active--;
    });
    const first = q.schedule('a');
    const later = [q.schedule('a'), q.schedule('a'), q.schedule('a')];
    await Promise.all([first, ...later]);
    expect(runs).toBe(2);
    await q.idle();
    expect(q.size).toBe(0);
  });
});

describe('KeyedQueue wake-ups', () => {
  it('never loses a schedule() that comes right as a run finishes', async () => {
    let runs = 0;
    const q = new KeyedQueue(async () => {
      runs++;
    });
    // Schedule again from the continuation of the first run's promise: the first run's loop has
    // ended by then, so this must start a new run rather than set a flag nobody reads.
    const first = q.schedule('a');
    const second = first.then(() => q.schedule('a'));
    await Promise.resolve();
    await Promise.resolve();
    const third = q.schedule('a');
    await Promise.all([first, second, third]);
    await q.idle();
    expect(runs).toBeGreaterThanOrEqual(3);
  });

  it('runs again when scheduled between the work and the end of the run', async () => {
    const seen: number[] = [];
    let n = 0;
    let q: KeyedQueue;
    // eslint-disable-next-line prefer-const
    q = new KeyedQueue(async () => {
      const mine = ++n;
      seen.push(mine);
      if (mine === 1) queueMicrotask(() => void q.schedule('k'));
    });
    await q.schedule('k');
    await q.idle();
    expect(seen).toEqual([1, 2]);
  });
});
