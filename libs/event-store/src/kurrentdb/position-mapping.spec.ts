import { START } from '@kurrent/kurrentdb-client';
import { describe, expect, it } from 'vitest';
import { isAfter, toPositionNumber, toReadPosition } from './position-mapping';

describe('KurrentDB position ↔ berth position', () => {
  it('uses the commit position as the number', () => {
    expect(toPositionNumber({ commit: 1234n, prepare: 1234n })).toBe(1234);
    expect(toPositionNumber({ commit: 900n, prepare: 850n })).toBe(900);
  });

  it('accepts 2^53 - 1 and rejects anything beyond it, naming the limit', () => {
    const max = BigInt(Number.MAX_SAFE_INTEGER);
    expect(toPositionNumber({ commit: max, prepare: max })).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => toPositionNumber({ commit: max + 1n, prepare: max + 1n })).toThrow(
      /commit position 9007199254740992 is beyond 2\^53 - 1/,
    );
    expect(() => toPositionNumber({ commit: 2n ** 64n - 1n, prepare: 0n })).toThrow(RangeError);
  });

  it('reads from the start for position 0 ("before the first event")', () => {
    expect(toReadPosition(0)).toBe(START);
  });

  it('rebuilds {commit, prepare} from a number, round-tripping an event position', () => {
    const position = { commit: 987_654_321n, prepare: 987_654_321n };
    expect(toReadPosition(toPositionNumber(position))).toEqual(position);
  });

  it('refuses positions that are negative, fractional or too large', () => {
    expect(() => toReadPosition(-5)).toThrow(RangeError);
    expect(() => toReadPosition(10.5)).toThrow(RangeError);
    expect(() => toReadPosition(2 ** 60)).toThrow(RangeError);
  });

  it('"after" is exclusive: the event at exactly that position is not after it', () => {
    expect(isAfter(100, 100)).toBe(false);
    expect(isAfter(101, 100)).toBe(true);
    expect(isAfter(99, 100)).toBe(false);
  });
});
