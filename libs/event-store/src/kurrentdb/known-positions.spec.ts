import { describe, expect, it } from 'vitest';
import { KnownPositions } from './known-positions';

describe('known event positions', () => {
  it('answers membership and the greatest position below a number', () => {
    const known = new KnownPositions();
    for (const position of [500, 100, 300, 300, 900]) known.add(position);
    expect(known.size).toBe(4);
    expect(known.has(300)).toBe(true);
    expect(known.has(299)).toBe(false);
    expect(known.below(299)).toBe(100);
    expect(known.below(300)).toBe(100);
    expect(known.below(301)).toBe(300);
    expect(known.below(100)).toBeUndefined();
    expect(known.below(10_000)).toBe(900);
  });

  it('stays bounded, forgetting the lowest positions first', () => {
    const known = new KnownPositions(10);
    for (let position = 1; position <= 11; position += 1) known.add(position * 10);
    expect(known.size).toBe(6);
    expect(known.has(110)).toBe(true);
    expect(known.has(10)).toBe(false);
    expect(known.below(55)).toBeUndefined();
  });
});
