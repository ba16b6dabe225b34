import { describe, expect, it } from 'vitest';
import { ago, delta, humanDuration, parseTimeArg } from './time';

describe('times on the command line', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');

  it('takes RFC 3339, Unix seconds, and durations before now', () => {
    expect(parseTimeArg('2026-01-01T10:00:00Z', now)).toBe('2026-01-01T10:00:00.000Z');
    expect(parseTimeArg('10m', now)).toBe('2026-01-01T11:50:00.000Z');
    expect(parseTimeArg('1.5h', now)).toBe('2026-01-01T10:30:00.000Z');
    expect(parseTimeArg('1767268800', now)).toBe('2026-01-01T12:00:00.000Z');
    expect(() => parseTimeArg('last tuesday', now)).toThrow('"last tuesday" is not a time');
  });

  it('says durations the way docker ps does', () => {
    expect(ago('2026-01-01T11:59:55Z', now)).toBe('5 seconds ago');
    expect([
      humanDuration(0),
      humanDuration(1),
      humanDuration(90),
      humanDuration(3600),
      humanDuration(7200),
      humanDuration(200_000),
    ]).toEqual(['Less than a second', '1 second', '2 minutes', 'About an hour', '2 hours', '2 days']);
    expect([delta(3), delta(1500), delta(61_000)]).toEqual(['+3 ms', '+1.5 s', '+1 min 1 s']);
  });
});
