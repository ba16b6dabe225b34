import type { RecordedEvent } from '@berth/event-store';
import { summarizeEvent } from './event-summary';

export interface HistoryEntry {
  readonly event: RecordedEvent;
  /** Since the previous event of the stream (0 for the first). */
  readonly deltaMs: number;
  readonly summary: string;
}

/** A container's timeline: each event with Δt and its key fields in words. */
export function containerHistory(events: readonly RecordedEvent[], previous?: RecordedEvent): HistoryEntry[] {
  let before = previous;
  return events.map((event) => {
    const deltaMs = before ? Date.parse(event.recordedAt) - Date.parse(before.recordedAt) : 0;
    before = event;
    return { event, deltaMs, summary: summarizeEvent(event) };
  });
}
