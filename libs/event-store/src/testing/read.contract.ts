import { describe, expect, it } from 'vitest';
import type { ContractContext } from './contract-context';
import { ids, isStrictlyIncreasing, newEvent, newEvents } from './contract-context';

export function readContract(ctx: ContractContext): void {
  describe('global order', () => {
    it('gives events of different streams strictly increasing positions in append order', async () => {
      const prefix = ctx.prefix('order');
      const before = await ctx.store().headPosition();
      const plan = ['a', 'b', 'a', 'c', 'b'];
      const appended = [];
      for (const name of plan) {
        const event = newEvent('Ordered', { name });
        const result = await ctx.store().append(prefix + name, [event], 'any');
        appended.push({ event, result });
      }
      expect(isStrictlyIncreasing(appended.map(({ result }) => result.position))).toBe(true);
      const all = await ctx.store().readAll({ after: before, filter: { streamPrefixes: [prefix] } });
      expect(ids(all)).toEqual(appended.map(({ event }) => event.id));
      expect(all.map((event) => [event.stream, event.revision])).toEqual([
        [`${prefix}a`, 0],
        [`${prefix}b`, 0],
        [`${prefix}a`, 1],
        [`${prefix}c`, 0],
        [`${prefix}b`, 1],
      ]);
      expect(all.map((event) => event.position)).toEqual(appended.map(({ result }) => result.position));
    });

    it('headPosition is at least the position of the last append', async () => {
      const first = await ctx.store().append(ctx.stream('head'), [newEvent()], 'no_stream');
      expect(await ctx.store().headPosition()).toBeGreaterThanOrEqual(first.position);
      const second = await ctx.store().append(ctx.stream('head'), [newEvent()], 'no_stream');
      expect(second.position).toBeGreaterThan(first.position);
      expect(await ctx.store().headPosition()).toBeGreaterThanOrEqual(second.position);
    });
  });

  describe('readStream', () => {
    const revisions = (events: readonly { revision: number }[]): number[] =>
      events.map((event) => event.revision);

    it('reads forwards and backwards, from a revision, with a max count', async () => {
      const stream = ctx.stream('read-stream');
      const batch = newEvents(10);
      await ctx.store().append(stream, batch, 'no_stream');
      const all = await ctx.store().readStream(stream);
      expect(ids(all)).toEqual(ids(batch));
      expect(revisions(all)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(all.every((event) => event.stream === stream)).toBe(true);
      expect(revisions(await ctx.store().readStream(stream, { from: 3, maxCount: 4 }))).toEqual([3, 4, 5, 6]);
      expect(revisions(await ctx.store().readStream(stream, { from: 'start', maxCount: 2 }))).toEqual([0, 1]);
      expect(revisions(await ctx.store().readStream(stream, { direction: 'backwards' }))).toEqual([
        9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
      ]);
      expect(
        revisions(await ctx.store().readStream(stream, { direction: 'backwards', from: 'end', maxCount: 2 })),
      ).toEqual([9, 8]);
      expect(
        revisions(await ctx.store().readStream(stream, { direction: 'backwards', from: 5, maxCount: 3 })),
      ).toEqual([5, 4, 3]);
      expect(await ctx.store().readStream(stream, { from: 10 })).toEqual([]);
    });

    it('reads an unknown stream as empty', async () => {
      expect(await ctx.store().readStream(ctx.stream('unknown'))).toEqual([]);
      expect(await ctx.store().readStream(ctx.stream('unknown'), { direction: 'backwards' })).toEqual([]);
    });
  });

  describe('readAll', () => {
    it('reads strictly after a position, with a max count', async () => {
      const prefix = ctx.prefix('after');
      const before = await ctx.store().headPosition();
      const batch = newEvents(6);
      for (const [n, event] of batch.entries()) await ctx.store().append(`${prefix}${n % 2}`, [event], 'any');
      const all = await ctx.store().readAll({ after: before, filter: { streamPrefixes: [prefix] } });
      expect(ids(all)).toEqual(ids(batch));
      const rest = await ctx
        .store()
        .readAll({ after: all[2].position, filter: { streamPrefixes: [prefix] } });
      expect(ids(rest)).toEqual(ids(batch.slice(3)));
      const two = await ctx
        .store()
        .readAll({ after: all[0].position, maxCount: 2, filter: { streamPrefixes: [prefix] } });
      expect(ids(two)).toEqual(ids(batch.slice(1, 3)));
      const unfiltered = await ctx.store().readAll({ after: before });
      expect(ids(unfiltered.filter((event) => event.stream.startsWith(prefix)))).toEqual(ids(batch));
      expect(isStrictlyIncreasing(unfiltered.map((event) => event.position))).toBe(true);
    });

    it('filters by stream prefixes', async () => {
      const prefix = ctx.prefix('prefixes');
      const before = await ctx.store().headPosition();
      const kept = [];
      for (const name of ['x-1', 'y-1', 'z-1', 'x-2', 'z-2', 'y-2']) {
        const event = newEvent('Filtered', { name });
        await ctx.store().append(prefix + name, [event], 'no_stream');
        if (!name.startsWith('z')) kept.push(event);
      }
      const read = await ctx
        .store()
        .readAll({ after: before, filter: { streamPrefixes: [`${prefix}x`, `${prefix}y`] } });
      expect(ids(read)).toEqual(ids(kept));
    });

    it('filters by event types, also together with a prefix', async () => {
      const prefix = ctx.prefix('types');
      const before = await ctx.store().headPosition();
      const events = ['T1', 'T2', 'T3', 'T1', 'T2', 'T3'].map((type) => newEvent(`${prefix}${type}`));
      await ctx.store().append(`${prefix}s`, events, 'no_stream');
      const typeFilter = { eventTypes: [`${prefix}T1`, `${prefix}T3`] };
      const byType = await ctx.store().readAll({ after: before, filter: typeFilter });
      expect(ids(byType)).toEqual(ids([events[0], events[2], events[3], events[5]]));
      const both = await ctx
        .store()
        .readAll({ after: before, filter: { ...typeFilter, streamPrefixes: [prefix] } });
      expect(ids(both)).toEqual(ids(byType));
      const none = await ctx
        .store()
        .readAll({ after: before, filter: { ...typeFilter, streamPrefixes: [`${prefix}other`] } });
      expect(none).toEqual([]);
    });
  });

  describe('stored events', () => {
    it('round-trip data, type, schema version and metadata; the store sets recordedAt', async () => {
      const stream = ctx.stream('metadata');
      const metadata = {
        correlationId: 'corr-1',
        causationId: 'cause-1',
        commandId: 'cmd-1',
        actor: 'alice',
        source: 'contract-test',
        note: 'extra keys survive',
      };
      const data = { text: 'héllo ⛵', count: 3, ok: true, none: null, list: [1, 'two', { three: 3 }] };
      const event = { ...newEvent('MetadataTested', data, metadata), schemaVersion: 2 };
      const before = Date.now();
      await ctx.store().append(stream, [event], 'no_stream');
      const [stored] = await ctx.store().readStream(stream);
      expect(stored).toMatchObject({
        id: event.id,
        type: 'MetadataTested',
        schemaVersion: 2,
        stream,
        revision: 0,
        data,
      });
      expect(stored.metadata).toMatchObject(metadata);
      expect(stored.metadata.recordedAt).toBe(stored.recordedAt);
      const recordedAt = Date.parse(stored.recordedAt);
      expect(recordedAt).toBeGreaterThanOrEqual(before - 60_000);
      expect(recordedAt).toBeLessThanOrEqual(Date.now() + 60_000);
      const [viaAll] = await ctx
        .store()
        .readAll({ after: stored.position - 1, maxCount: 1, filter: { streamPrefixes: [stream] } });
      expect(viaAll).toEqual(stored);
    });

    it('ignores a recordedAt given by the caller', async () => {
      const stream = ctx.stream('recorded-at');
      await ctx
        .store()
        .append(stream, [newEvent('Tested', {}, { recordedAt: '2000-01-01T00:00:00.000Z' })], 'no_stream');
      const [stored] = await ctx.store().readStream(stream);
      expect(stored.metadata.recordedAt).toBe(stored.recordedAt);
      expect(stored.recordedAt).not.toBe('2000-01-01T00:00:00.000Z');
    });
  });

  describe('checkpoints', () => {
    it('stores and overwrites the last position of a named subscriber', async () => {
      const name = ctx.stream('checkpoint');
      const other = ctx.stream('checkpoint');
      expect(await ctx.store().readCheckpoint(name)).toBeUndefined();
      await ctx.store().storeCheckpoint(name, 5);
      expect(await ctx.store().readCheckpoint(name)).toBe(5);
      await ctx.store().storeCheckpoint(name, 12);
      await ctx.store().storeCheckpoint(other, 0);
      expect(await ctx.store().readCheckpoint(name)).toBe(12);
      expect(await ctx.store().readCheckpoint(other)).toBe(0);
    });
  });
}
