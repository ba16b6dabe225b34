import type { ExpectedRevision, NewEvent, RecordedEvent } from '../event-store.port';

export type AppendedMatch =
  | { readonly kind: 'absent' }
  /** Every event of the batch is already in the stream, in order, at consecutive revisions. */
  | { readonly kind: 'present'; readonly first: RecordedEvent; readonly last: RecordedEvent }
  /** Some ids are present but not as this batch (ids reused differently): a conflict, never a silent success. */
  | { readonly kind: 'conflict' };

/**
 * Whether a batch was already appended, looking at events of the stream (`known`, any order,
 * typically its last N). KurrentDB UUIDs come back lower-case, so ids compare case-insensitively.
 */
export function matchAppended(known: readonly RecordedEvent[], batch: readonly NewEvent[]): AppendedMatch {
  if (batch.length === 0) return { kind: 'absent' };
  const byRevision = new Map(known.map((event) => [event.revision, event]));
  const first = known.find((event) => sameId(event.id, batch[0].id));
  if (first === undefined) {
    const ids = new Set(known.map((event) => event.id.toLowerCase()));
    return batch.some((event) => ids.has(event.id.toLowerCase())) ? { kind: 'conflict' } : { kind: 'absent' };
  }
  let last = first;
  for (let index = 1; index < batch.length; index += 1) {
    const next = byRevision.get(first.revision + index);
    if (next === undefined || !sameId(next.id, batch[index].id)) return { kind: 'conflict' };
    last = next;
  }
  return { kind: 'present', first, last };
}

/**
 * Where the first event of a re-appended batch must be for the append to count as the same one
 * (the SQLite adapter's rule, so both adapters agree): right after the expected revision, at 0 for
 * 'no_stream', anywhere for 'any' and 'stream_exists'.
 */
export function samePlace(expected: ExpectedRevision, firstRevision: number): boolean {
  if (expected === 'no_stream') return firstRevision === 0;
  if (typeof expected === 'number') return firstRevision === expected + 1;
  return true;
}

function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
