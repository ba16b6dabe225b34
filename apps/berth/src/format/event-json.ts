import type { Event__Output } from '../../../berthd/src/grpc/generated/berth/v1/Event';

/** An event message with its data parsed (what --json prints). */
export function eventJson(event: Event__Output): Record<string, unknown> {
  const { dataJson, ...rest } = event;
  return { ...rest, data: dataJson ? (JSON.parse(dataJson) as unknown) : null };
}

export function eventData(event: Event__Output): Record<string, unknown> {
  const data = event.dataJson ? (JSON.parse(event.dataJson) as unknown) : {};
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
}

/** The correlation of an event: its correlation id, else the start it belongs to, else its command id. */
export function correlationOf(event: Event__Output): string {
  if (event.metadata.correlationId) return event.metadata.correlationId;
  const startId = eventData(event).startId;
  if (typeof startId === 'string') return `start ${startId.slice(0, 8)}`;
  return event.metadata.commandId ? `cmd ${event.metadata.commandId}` : '-';
}

export function actorText(event: Event__Output): string {
  const { actor, source } = event.metadata;
  return actor ? `${actor}${source ? ` (${source})` : ''}` : '-';
}
