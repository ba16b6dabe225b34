import type { RecordedEvent } from '@berth/event-store';

/**
 * An event published into the CQRS EventBus. It is published only after it was stored (the
 * bus is fed by a subscription to the store), so handlers never see an event that could be lost.
 * One class for every type (ofType matches classes): handlers switch on `event.type`.
 */
export class StoredEvent {
  constructor(readonly event: RecordedEvent) {}

  get type(): string {
    return this.event.type;
  }
}
