import { ANY, NO_STREAM, STREAM_EXISTS } from '@kurrent/kurrentdb-client';
import { describe, expect, it } from 'vitest';
import { toActualRevision, toRevision, toStreamState } from './revision-mapping';

describe('expected revision → KurrentDB stream state', () => {
  it('maps the named expectations to the client constants', () => {
    expect(toStreamState('any')).toBe(ANY);
    expect(toStreamState('no_stream')).toBe(NO_STREAM);
    expect(toStreamState('stream_exists')).toBe(STREAM_EXISTS);
  });

  it('maps an exact 0-based revision to the same bigint revision', () => {
    expect(toStreamState(0)).toBe(0n);
    expect(toStreamState(41)).toBe(41n);
    expect(toStreamState(Number.MAX_SAFE_INTEGER)).toBe(BigInt(Number.MAX_SAFE_INTEGER));
  });

  it('refuses revisions that are negative, fractional or not exactly representable', () => {
    expect(() => toStreamState(-1)).toThrow(RangeError);
    expect(() => toStreamState(1.5)).toThrow(/non-negative safe integer/);
    expect(() => toStreamState(2 ** 53)).toThrow(RangeError);
    expect(() => toStreamState(Number.NaN)).toThrow(RangeError);
  });
});

describe('KurrentDB current stream state → actual revision', () => {
  it('maps no_stream and the negative sentinels to no_stream', () => {
    expect(toActualRevision(NO_STREAM)).toBe('no_stream');
    expect(toActualRevision(-1n)).toBe('no_stream');
    expect(toActualRevision(-5n)).toBe('no_stream');
  });

  it('maps a revision to a number', () => {
    expect(toActualRevision(0n)).toBe(0);
    expect(toActualRevision(12n)).toBe(12);
  });

  it('rejects a revision beyond 2^53 - 1 with a message that says why', () => {
    expect(() => toRevision(2n ** 53n)).toThrow(
      /beyond 2\^53 - 1.*stream revision|stream revision.*beyond 2\^53 - 1/,
    );
    expect(toRevision(2n ** 53n - 1n)).toBe(Number.MAX_SAFE_INTEGER);
  });
});
