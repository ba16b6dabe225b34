import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../event-store.port';
import { streamRuns } from './stream-runs';

function at(stream: string, revision: number, position: number): RecordedEvent {
  return {
    id: `${stream}-${revision}`,
    type: 'T',
    schemaVersion: 1,
    stream,
    revision,
    position,
    recordedAt: '',
    data: {},
    metadata: {},
  };
}

describe('runs of one stream in global order', () => {
  it('groups consecutive events of a stream and keeps the global order', () => {
    const events = [at('a', 0, 1), at('a', 1, 2), at('b', 0, 3), at('a', 2, 4), at('a', 3, 5)];
    expect(streamRuns(events).map((run) => run.map((event) => event.id))).toEqual([
      ['a-0', 'a-1'],
      ['b-0'],
      ['a-2', 'a-3'],
    ]);
  });

  it('starts a new run where revisions are not consecutive (a truncated source)', () => {
    expect(streamRuns([at('a', 0, 1), at('a', 5, 2)])).toHaveLength(2);
    expect(streamRuns([])).toEqual([]);
  });
});
