import { describe, expect, it } from 'vitest';
import { WrongExpectedVersionError } from '../errors';
import type { ContractContext } from './contract-context';
import { ids, newEvent, newEvents, settle } from './contract-context';

export function appendContract(ctx: ContractContext): void {
  describe('append with an expected revision', () => {
    it('no_stream creates a stream; the result names its last revision and position', async () => {
      const stream = ctx.stream('no-stream');
      const result = await ctx.store().append(stream, newEvents(2), 'no_stream');
      expect(result.nextExpectedRevision).toBe(1);
      expect(result.position).toBeGreaterThan(0);
      const stored = await ctx.store().readStream(stream);
      expect(stored.map((event) => event.revision)).toEqual([0, 1]);
      expect(stored[1].position).toBe(result.position);
    });

    it('no_stream on an existing stream fails with expected no_stream and the actual revision', async () => {
      const stream = ctx.stream('no-stream-conflict');
      await ctx.store().append(stream, newEvents(3), 'no_stream');
      const failed = ctx.store().append(stream, [newEvent()], 'no_stream');
      await expect(failed).rejects.toBeInstanceOf(WrongExpectedVersionError);
      await expect(failed).rejects.toMatchObject({ stream, expected: 'no_stream', actual: 2 });
    });

    it('stream_exists fails on a missing stream (actual no_stream) and succeeds on an existing one', async () => {
      const stream = ctx.stream('exists');
      await expect(ctx.store().append(stream, [newEvent()], 'stream_exists')).rejects.toMatchObject({
        name: 'WrongExpectedVersionError',
        stream,
        expected: 'stream_exists',
        actual: 'no_stream',
      });
      await ctx.store().append(stream, [newEvent()], 'no_stream');
      const result = await ctx.store().append(stream, [newEvent()], 'stream_exists');
      expect(result.nextExpectedRevision).toBe(1);
    });

    it('an exact revision succeeds when it is the last revision and fails with expected/actual otherwise', async () => {
      const stream = ctx.stream('exact');
      await expect(ctx.store().append(stream, [newEvent()], 0)).rejects.toMatchObject({
        stream,
        expected: 0,
        actual: 'no_stream',
      });
      await ctx.store().append(stream, newEvents(2), 'no_stream');
      const result = await ctx.store().append(stream, newEvents(3), 1);
      expect(result.nextExpectedRevision).toBe(4);
      const stale = ctx.store().append(stream, [newEvent()], 1);
      await expect(stale).rejects.toBeInstanceOf(WrongExpectedVersionError);
      await expect(stale).rejects.toMatchObject({ stream, expected: 1, actual: 4 });
      expect(await ctx.store().readStream(stream)).toHaveLength(5);
    });

    it('any appends to a missing and to an existing stream', async () => {
      const stream = ctx.stream('any');
      expect((await ctx.store().append(stream, [newEvent()], 'any')).nextExpectedRevision).toBe(0);
      expect((await ctx.store().append(stream, newEvents(2), 'any')).nextExpectedRevision).toBe(2);
    });

    it('a failed append stores nothing', async () => {
      const stream = ctx.stream('nothing-stored');
      const first = await ctx.store().append(stream, [newEvent()], 'no_stream');
      await expect(ctx.store().append(stream, newEvents(3), 5)).rejects.toBeInstanceOf(
        WrongExpectedVersionError,
      );
      expect(await ctx.store().readStream(stream)).toHaveLength(1);
      expect(
        await ctx.store().readAll({ after: first.position, filter: { streamPrefixes: [stream] } }),
      ).toEqual([]);
    });
  });

  describe('idempotent append', () => {
    it('re-appending the same ids at the same revision returns the original result and stores nothing', async () => {
      const stream = ctx.stream('idempotent-exact');
      await ctx.store().append(stream, [newEvent()], 'no_stream');
      const batch = newEvents(2);
      const original = await ctx.store().append(stream, batch, 0);
      const again = await ctx.store().append(stream, batch, 0);
      expect(again).toEqual(original);
      const stored = await ctx.store().readStream(stream);
      expect(stored.slice(1).map((event) => event.id)).toEqual(ids(batch));
      expect(stored).toHaveLength(3);
    });

    it('re-appending a no_stream batch returns the original result', async () => {
      const stream = ctx.stream('idempotent-new');
      const batch = newEvents(3);
      const before = await ctx.store().headPosition();
      const original = await ctx.store().append(stream, batch, 'no_stream');
      expect(await ctx.store().append(stream, batch, 'no_stream')).toEqual(original);
      const all = await ctx.store().readAll({ after: before, filter: { streamPrefixes: [stream] } });
      expect(ids(all)).toEqual(ids(batch));
    });

    it('the same ids at another place is a conflict, not a silent success', async () => {
      const stream = ctx.stream('idempotent-elsewhere');
      const first = newEvent();
      await ctx.store().append(stream, [first], 'no_stream');
      const second = newEvent();
      await ctx.store().append(stream, [second], 0);
      await expect(ctx.store().append(stream, [second], 'no_stream')).rejects.toMatchObject({
        name: 'WrongExpectedVersionError',
        expected: 'no_stream',
        actual: 1,
      });
      await expect(ctx.store().append(stream, [first], 0)).rejects.toMatchObject({ expected: 0, actual: 1 });
      expect(ids(await ctx.store().readStream(stream))).toEqual([first.id, second.id]);
    });
  });

  describe('concurrent appends', () => {
    it('50 concurrent appends with the same expected revision: exactly one wins, 49 get WrongExpectedVersion', async () => {
      const stream = ctx.stream('race');
      const start = await ctx.store().append(stream, [newEvent()], 'no_stream');
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, (_, n) =>
          settle(ctx.store().append(stream, [newEvent('Raced', { n })], start.nextExpectedRevision)),
        ),
      );
      const failures = outcomes.flatMap((outcome) => (outcome.ok ? [] : [outcome.error]));
      expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
      expect(failures).toHaveLength(49);
      for (const error of failures) {
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ stream, expected: 0, actual: 1 });
      }
      expect(await ctx.store().readStream(stream)).toHaveLength(2);
    });

    it('50 concurrent no_stream appends to a new stream: exactly one creates it', async () => {
      const stream = ctx.stream('race-new');
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, () => settle(ctx.store().append(stream, newEvents(2), 'no_stream'))),
      );
      expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
      for (const outcome of outcomes) {
        if (!outcome.ok)
          expect(outcome.error).toMatchObject({
            name: 'WrongExpectedVersionError',
            expected: 'no_stream',
            actual: 1,
          });
      }
      expect(await ctx.store().readStream(stream)).toHaveLength(2);
    });
  });
}
