import type { RecordedEvent } from '../event-store.port';

/**
 * Splits events in global order into runs that one append can copy: consecutive events of one
 * stream at consecutive revisions. Appending the runs in order keeps the global order.
 */
export function streamRuns(events: readonly RecordedEvent[]): RecordedEvent[][] {
  const runs: RecordedEvent[][] = [];
  let current: RecordedEvent[] = [];
  for (const event of events) {
    const last = current[current.length - 1];
    if (last !== undefined && (last.stream !== event.stream || last.revision + 1 !== event.revision)) {
      runs.push(current);
      current = [];
    }
    current.push(event);
  }
  if (current.length > 0) runs.push(current);
  return runs;
}
