import type { Event__Output } from '../../../berthd/src/grpc/generated/berth/v1/Event';
import { summarizeEvent } from '../../../../libs/lifecycle/src/debug/event-summary';
import { eventData } from '../format/event-json';

/** An event's key fields in words (the same words as berthd's History). */
export function summarize(event: Event__Output): string {
  if (event.type === 'CommandAudited') {
    const d = eventData(event);
    const container = typeof d.container === 'string' ? d.container.slice(0, 12) : '';
    return `${String(d.command)} ${container} → ${String(d.outcome)}${d.error ? `: ${String(d.error)}` : ''}`;
  }
  return summarizeEvent({ type: event.type, data: eventData(event) });
}
