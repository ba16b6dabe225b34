import type { ExpectedRevision } from '../event-store.port';
import type { ActualRevision } from '../errors';

/** Whether a stream whose last revision is `actual` satisfies an append's expectation. */
export function satisfies(expected: ExpectedRevision, actual: ActualRevision): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 'no_stream';
    case 'stream_exists':
      return actual !== 'no_stream';
    default:
      return actual === expected;
  }
}

export function checkExpectedRevision(expected: ExpectedRevision): void {
  if (
    typeof expected === 'number'
      ? Number.isInteger(expected) && expected >= 0
      : ['any', 'no_stream', 'stream_exists'].includes(expected)
  ) {
    return;
  }
  throw new RangeError(
    `expected revision must be 'any', 'no_stream', 'stream_exists' or a revision ≥ 0 (got ${String(expected)})`,
  );
}

/**
 * Where the first event of a re-appended batch must be for the append to count as the same one:
 * right after the expected revision, at 0 for 'no_stream', anywhere for 'any' and 'stream_exists'.
 */
export function samePlace(expected: ExpectedRevision, firstRevision: number): boolean {
  if (expected === 'no_stream') return firstRevision === 0;
  if (typeof expected === 'number') return firstRevision === expected + 1;
  return true;
}
