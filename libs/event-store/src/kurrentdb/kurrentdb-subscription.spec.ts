import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../event-store.port';
import type { KurrentResolvedEvent } from './event-mapping';
import { KurrentDbSubscription, type ClientSubscription } from './kurrentdb-subscription';
import { toRecordedEvent } from './event-mapping';
import { StreamNames } from './stream-names';

/**
 * Stands in for the client's `$all` subscription, which is a Node Readable in object mode: here
 * it produces events at positions 10, 20, 30, ... on demand and counts how many it produced.
 */
function source(options: { total?: number; highWaterMark?: number; failAfter?: number } = {}) {
  let produced = 0;
  let unsubscribed = false;
  const readable = new Readable({
    objectMode: true,
    highWaterMark: options.highWaterMark ?? 4,
    read() {
      if (options.failAfter !== undefined && produced === options.failAfter) {
        this.destroy(Object.assign(new Error('14 UNAVAILABLE: connection reset'), { code: 14 }));
        return;
      }
      if (options.total !== undefined && produced === options.total) return; // live: wait for more
      produced += 1;
      this.push(resolved(produced * 10, produced % 2 === 0 ? '$stats' : 'container-1'));
    },
  });
  const subscription = Object.assign(readable, {
    unsubscribe: async () => {
      unsubscribed = true;
    },
  }) as unknown as ClientSubscription;
  return { subscription, produced: () => produced, unsubscribed: () => unsubscribed };
}

function resolved(position: number, stream: string): KurrentResolvedEvent {
  const at = BigInt(position);
  return {
    event: {
      streamId: stream,
      id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
      revision: BigInt(position / 10 - 1),
      type: 'T',
      created: new Date(0),
      isJson: true,
      data: { position },
      metadata: { schemaVersion: 1 },
      position: { commit: at, prepare: at },
    },
  };
}

const names = new StreamNames();
const convert = (r: KurrentResolvedEvent): RecordedEvent | undefined => {
  const event = toRecordedEvent(r, names);
  return event !== undefined && !names.isReserved(event.stream) ? event : undefined;
};

async function take(subscription: KurrentDbSubscription, count: number): Promise<number[]> {
  const positions: number[] = [];
  for await (const event of subscription) {
    positions.push(event.position);
    if (positions.length === count) break;
  }
  return positions;
}

describe('KurrentDB subscription wrapper', () => {
  it('delivers only events strictly after `after`, skipping what the filter rejects', async () => {
    const fake = source();
    const subscription = new KurrentDbSubscription(
      () => fake.subscription,
      convert,
      30,
      (e) => e,
    );
    expect(await take(subscription, 3)).toEqual([50, 70, 90]);
  });

  it('reads only as fast as the consumer pulls', async () => {
    const fake = source({ highWaterMark: 4 });
    const subscription = new KurrentDbSubscription(
      () => fake.subscription,
      convert,
      0,
      (e) => e,
    );
    const iterator = subscription[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // 2 delivered (+ 2 filtered out) + at most one buffer of 4 read ahead
    expect(fake.produced()).toBeLessThanOrEqual(4 + 4 + 1);
    await subscription.close();
  });

  it('breaking out of the loop closes the server subscription', async () => {
    const fake = source();
    const subscription = new KurrentDbSubscription(
      () => fake.subscription,
      convert,
      0,
      (e) => e,
    );
    await take(subscription, 1);
    expect(fake.unsubscribed()).toBe(true);
  });

  it('close() ends an iteration that is waiting for live events', async () => {
    const fake = source({ total: 2 });
    const subscription = new KurrentDbSubscription(
      () => fake.subscription,
      convert,
      0,
      (e) => e,
    );
    const seen: number[] = [];
    const consuming = (async () => {
      for await (const event of subscription) seen.push(event.position);
    })();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await subscription.close();
    await consuming;
    expect(seen).toEqual([10]);
    expect(fake.unsubscribed()).toBe(true);
  });

  it('waits for an asynchronous open, and close() before it resolves releases the source', async () => {
    const fake = source();
    let release: () => void = () => undefined;
    const opened = new Promise<ClientSubscription>((resolve) => (release = () => resolve(fake.subscription)));
    const subscription = new KurrentDbSubscription(
      () => opened,
      convert,
      0,
      (e) => e,
    );
    const pending = subscription[Symbol.asyncIterator]().next();
    const closing = subscription.close();
    release();
    await closing;
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(fake.unsubscribed()).toBe(true);
    expect(fake.produced()).toBe(0);
  });

  it('a failed open surfaces as the translated error', async () => {
    const subscription = new KurrentDbSubscription(
      () => Promise.reject(new Error('probe failed')),
      convert,
      0,
      (error) => new Error(`translated: ${String(error)}`),
    );
    await expect(take(subscription, 1)).rejects.toThrow('translated: Error: probe failed');
  });

  it('a dropped server subscription surfaces as the translated error', async () => {
    const fake = source({ failAfter: 3 });
    const subscription = new KurrentDbSubscription(
      () => fake.subscription,
      convert,
      0,
      (error) => new Error(`translated: ${String(error)}`),
    );
    await expect(take(subscription, 10)).rejects.toThrow(/translated: .*UNAVAILABLE/);
  });
});
