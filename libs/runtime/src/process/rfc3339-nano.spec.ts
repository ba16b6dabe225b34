import { describe, expect, it } from 'vitest';
import { rfc3339Nano } from './rfc3339-nano';

describe('rfc3339Nano', () => {
  it('formats epoch nanoseconds with nine fraction digits in UTC', () => {
    expect(rfc3339Nano(1_714_557_600_000_000_042n)).toBe('2024-05-01T10:00:00.000000042Z');
  });

  it('gives the current time, non-decreasing', () => {
    const first = rfc3339Nano();
    const second = rfc3339Nano();
    expect(first).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    expect(Math.abs(Date.parse(first) - Date.now())).toBeLessThan(1000);
    expect(second >= first).toBe(true);
  });
});
