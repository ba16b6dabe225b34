import { describe, expect, it } from 'vitest';
import { derivedEventId, newEventId } from './event-ids';

describe('event ids', () => {
  it('derives the same UUID for the same cause and step, another for another step', () => {
    const cause = newEventId();
    expect(derivedEventId(cause, 'mount')).toBe(derivedEventId(cause, 'mount'));
    expect(derivedEventId(cause, 'mount')).not.toBe(derivedEventId(cause, 'network'));
    expect(derivedEventId(cause, 'mount')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
