import { describe, expect, it } from 'vitest';
import type { NewEvent, RecordedEvent } from '../event-store.port';
import type { ContractContext } from './contract-context';
import { collect, ids, isStrictlyIncreasing, newEvent, newEvents, withTimeout } from './contract-context';

const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function subscriptionContract(ctx: ContractContext): void {
  describe('subscribeToAll', () => {
    it('catches up across 10 000 stored events while 1 000 more are appended live: each once, in order', async () => {
      const prefix = ctx.prefix('bulk');
      const before = await ctx.store().headPosition();
      const expected: string[] = [];
      for (let page = 0; page < 100; page += 1) {
        const batch = newEvents(100, 'Bulk');
        await ctx.store().append(`${prefix}${page % 10}`, batch, 'any');
        expected.push(...ids(batch));
      }
      const appendLive = async (): Promise<void> => {
        for (let n = 0; n < 1_000; n += 1) {
          const event = newEvent('Live', { n });
          expected.push(event.id);
          await ctx.store().append(`${prefix}live-${n % 10}`, [event], 'any');
          // Yield often, and now and then long enough for the subscription to drain and wait.
          if (n % 10 === 0) await nextTick();
          if (n % 100 === 99) await new Promise((resolve) => setTimeout(resolve, 2));
        }
      };
      const subscription = ctx.store().subscribeToAll({ after: before, batchSize: 250 });
      let live: Promise<void> | undefined;
      const received = await collect(
        subscription,
        (event) => event.stream.startsWith(prefix),
        (got) => {
          live ??= got.length > 0 ? appendLive() : undefined;
          return got.length >= 11_000;
        },
        30_000,
      );
      await live;
      await subscription.close();
      expect(received).toHaveLength(11_000);
      expect(new Set(ids(received)).size).toBe(11_000);
      expect(ids(received)).toEqual(expected);
      expect(isStrictlyIncreasing(received.map((event) => event.position))).toBe(true);
    }, 180_000);

    it('delivers only events matching a filter, from history and live', async () => {
      const prefix = ctx.prefix('sub-filter');
      const before = await ctx.store().headPosition();
      const kept: NewEvent[] = [];
      const append = async (stream: string, type: string): Promise<void> => {
        const event = newEvent(`${prefix}${type}`);
        await ctx.store().append(`${prefix}${stream}`, [event], 'any');
        if (stream === 'a' && type === 'Kept') kept.push(event);
      };
      for (const [stream, type] of [
        ['a', 'Kept'],
        ['b', 'Kept'],
        ['a', 'Dropped'],
        ['a', 'Kept'],
      ])
        await append(stream, type);
      const subscription = ctx.store().subscribeToAll({
        after: before,
        batchSize: 2,
        filter: { streamPrefixes: [`${prefix}a`], eventTypes: [`${prefix}Kept`] },
      });
      const history = await collect(
        subscription,
        () => true,
        (got) => got.length >= 2,
      );
      for (const [stream, type] of [
        ['b', 'Kept'],
        ['a', 'Dropped'],
        ['a', 'Kept'],
        ['b', 'Dropped'],
        ['a', 'Kept'],
      ]) {
        await append(stream, type);
      }
      const live = await collect(
        subscription,
        () => true,
        (got) => got.length >= 2,
      );
      await subscription.close();
      // The last event appended matches, so anything wrongly delivered would have come before it.
      expect(ids([...history, ...live])).toEqual(ids(kept));
    });

    it("delivers strictly after a stored checkpoint, and after 'end' only new events", async () => {
      const stream = ctx.stream('sub-from');
      const batch = newEvents(4);
      await ctx.store().append(stream, batch, 'no_stream');
      const stored = await ctx.store().readStream(stream);
      const name = ctx.stream('subscriber');
      await ctx.store().storeCheckpoint(name, stored[1].position);
      const checkpoint = await ctx.store().readCheckpoint(name);
      const fromCheckpoint = ctx
        .store()
        .subscribeToAll({ after: checkpoint, filter: { streamPrefixes: [stream] } });
      expect(
        ids(
          await collect(
            fromCheckpoint,
            () => true,
            (got) => got.length >= 2,
          ),
        ),
      ).toEqual(ids(batch.slice(2)));
      await fromCheckpoint.close();

      const fromEnd = ctx.store().subscribeToAll({ after: 'end', filter: { streamPrefixes: [stream] } });
      const fresh = newEvent('Fresh');
      await ctx.store().append(stream, [fresh], 3);
      expect(
        ids(
          await collect(
            fromEnd,
            () => true,
            (got) => got.length >= 1,
          ),
        ),
      ).toEqual([fresh.id]);
      await fromEnd.close();
    });

    it('close() ends the iteration: a pending next() resolves done, later ones too', async () => {
      const subscription = ctx
        .store()
        .subscribeToAll({ after: 'end', filter: { streamPrefixes: [ctx.prefix('closed')] } });
      const iterator = subscription[Symbol.asyncIterator]();
      const pending = iterator.next();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await subscription.close();
      expect(await withTimeout(pending, 2_000, () => 'pending next() after close()')).toEqual({
        done: true,
        value: undefined,
      });
      expect(await withTimeout(iterator.next(), 2_000, () => 'next() after close()')).toMatchObject({
        done: true,
      });
    });

    it('close() during a for-await loop ends the loop', async () => {
      const stream = ctx.stream('closed-loop');
      const subscription = ctx
        .store()
        .subscribeToAll({ after: await ctx.store().headPosition(), filter: { streamPrefixes: [stream] } });
      const received: RecordedEvent[] = [];
      const loop = (async () => {
        for await (const event of subscription) {
          received.push(event);
          if (received.length === 3) void subscription.close();
        }
      })();
      await ctx.store().append(stream, newEvents(5), 'no_stream');
      await withTimeout(loop, 5_000, () => 'for-await loop after close()');
      expect(received.length).toBeGreaterThanOrEqual(3);
      expect(received.length).toBeLessThanOrEqual(5);
    });
  });
}
