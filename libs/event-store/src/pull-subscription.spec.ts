import { describe, expect, it } from 'vitest';
import { ChangeSignal } from './change-signal';
import type { RecordedEvent } from './event-store.port';
import { PullSubscription, type SubscriptionPage } from './pull-subscription';

/** A store stand-in holding events at positions 1..n, recording every page read. */
function source(count: number, matches: (position: number) => boolean = () => true) {
  const events: RecordedEvent[] = [];
  const add = (n: number): void => {
    for (let i = 0; i < n; i += 1) {
      const position = events.length + 1;
      events.push({
        id: `e${position}`,
        type: 'T',
        schemaVersion: 1,
        stream: 's',
        revision: position - 1,
        position,
        recordedAt: '',
        data: {},
        metadata: {},
      });
    }
  };
  add(count);
  const reads: number[] = [];
  const changes = new ChangeSignal(60_000);
  return {
    reads,
    changes,
    append(n: number): void {
      add(n);
      changes.notify();
    },
    readPage(after: number, limit: number): SubscriptionPage {
      reads.push(after);
      const page = events
        .filter((event) => event.position > after && matches(event.position))
        .slice(0, limit);
      const scannedTo = page.length === limit ? page[page.length - 1].position : events.length;
      return { events: page, scannedTo: Math.max(after, scannedTo) };
    },
  };
}

describe('PullSubscription', () => {
  it('reads a page only when the consumer has taken the previous one (back-pressure)', async () => {
    const store = source(1_000);
    const subscription = new PullSubscription(store, 0, 10);
    const iterator = subscription[Symbol.asyncIterator]();
    for (let n = 0; n < 15; n += 1) await iterator.next();
    expect(store.reads).toEqual([0, 10]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.reads).toEqual([0, 10]);
    await subscription.close();
  });

  it('skips past non-matching events it has scanned, and wakes on a change', async () => {
    const store = source(35, (position) => position % 10 === 0);
    const subscription = new PullSubscription(store, 0, 2);
    const iterator = subscription[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.position).toBe(10);
    expect((await iterator.next()).value?.position).toBe(20);
    expect((await iterator.next()).value?.position).toBe(30);
    const pending = iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 10));
    store.append(10);
    expect((await pending).value?.position).toBe(40);
    // 31..35 did not match: reads resume after 35, not after 30.
    expect(store.reads).toEqual([0, 20, 35, 35]);
    await subscription.close();
  });

  it('serves overlapping next() calls one after another, each event once', async () => {
    const store = source(5);
    const subscription = new PullSubscription(store, 0, 2);
    const iterator = subscription[Symbol.asyncIterator]();
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => iterator.next()));
    expect(results.map((result) => result.value?.position)).toEqual([1, 2, 3, 4, 5]);
    await subscription.close();
  });
});

describe('ChangeSignal', () => {
  it('returns at once when a change happened since the version seen', async () => {
    const signal = new ChangeSignal(60_000);
    const seen = signal.version;
    signal.notify();
    await signal.waitForChange(seen, new AbortController().signal);
  });

  it('returns after the poll interval when nothing is notified', async () => {
    const signal = new ChangeSignal(30);
    const started = Date.now();
    await signal.waitForChange(signal.version, new AbortController().signal);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('returns when aborted', async () => {
    const signal = new ChangeSignal(60_000);
    const stop = new AbortController();
    const waiting = signal.waitForChange(signal.version, stop.signal);
    stop.abort();
    await waiting;
  });
});
