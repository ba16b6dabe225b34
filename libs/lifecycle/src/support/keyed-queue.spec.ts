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
