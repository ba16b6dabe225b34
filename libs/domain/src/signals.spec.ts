import { describe, expect, it } from 'vitest';
import { parseSignal } from './signals';

describe('parseSignal', () => {
  it('names with or without SIG, any case, and numbers', () => {
    expect(parseSignal('SIGKILL')).toBe(9);
    expect(parseSignal('term')).toBe(15);
    expect(parseSignal('HUP')).toBe(1);
    expect(parseSignal('SIGRTMIN+3')).toBe(37);
    expect(parseSignal('9')).toBe(9);
  });

  it('anything else → InvalidParameter "Invalid signal: X"', () => {
    for (const raw of ['SIGNOPE', '0', '65', 'KILLL']) {
      expect(() => parseSignal(raw)).toThrow(`Invalid signal: ${raw}`);
    }
  });
});
