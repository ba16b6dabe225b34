import { describe, expect, it } from 'vitest';
import type { NewEvent, RecordedEvent } from '../event-store.port';
import { matchAppended, samePlace } from './idempotent-match';

const ids = [
  'aaaaaaaa-0000-4000-8000-000000000001',
  'aaaaaaaa-0000-4000-8000-000000000002',
  'aaaaaaaa-0000-4000-8000-000000000003',
];

function stored(id: string, revision: number): RecordedEvent {
  return {
    id,
    type: 'T',
    schemaVersion: 1,
    stream: 's',
    revision,
    position: 100 + revision,
    recordedAt: '',
    data: {},
    metadata: {},
  };
}
function proposed(id: string): NewEvent {
  return { id, type: 'T', schemaVersion: 1, data: {} };
}

describe('finding a batch already appended', () => {
  it('finds the batch at consecutive revisions, ids compared case-insensitively', () => {
    const known = [stored(ids[2], 5), stored(ids[1], 4), stored(ids[0], 3)];
    const match = matchAppended(known, [proposed(ids[0].toUpperCase()), proposed(ids[1])]);
    expect(match).toEqual({ kind: 'present', first: known[2], last: known[1] });
  });

  it('says absent when none of the ids is there', () => {
    expect(matchAppended([stored(ids[0], 0)], [proposed(ids[1])])).toEqual({ kind: 'absent' });
    expect(matchAppended([], [proposed(ids[1])])).toEqual({ kind: 'absent' });
  });

  it('says conflict when only part of the batch is there or in another order', () => {
    expect(matchAppended([stored(ids[0], 0)], [proposed(ids[0]), proposed(ids[1])])).toEqual({
      kind: 'conflict',
    });
    expect(
      matchAppended([stored(ids[1], 0), stored(ids[0], 1)], [proposed(ids[0]), proposed(ids[1])]),
    ).toEqual({ kind: 'conflict' });
    expect(matchAppended([stored(ids[1], 0)], [proposed(ids[0]), proposed(ids[1])])).toEqual({
      kind: 'conflict',
    });
  });
});

describe('where a repeated batch counts as the same append', () => {
  it('right after an exact revision, at 0 for no_stream, anywhere for any and stream_exists', () => {
    expect(samePlace(4, 5)).toBe(true);
    expect(samePlace(4, 3)).toBe(false);
    expect(samePlace('no_stream', 0)).toBe(true);
    expect(samePlace('no_stream', 1)).toBe(false);
    expect(samePlace('any', 17)).toBe(true);
    expect(samePlace('stream_exists', 2)).toBe(true);
  });
});
