import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { StoredEvent } from '../event-bus/stored-event';
import { MetricsService } from './metrics.service';

interface StartedData {
  readonly startedAt: string;
}
interface FailedData {
  readonly stage: string;
}

/** Start and failure counters, and the seed's start timer, from stored events. */
@EventsHandler(StoredEvent)
export class MetricsHandler implements IEventHandler<StoredEvent> {
  private readonly requestedAt = new Map<string, number>();

  constructor(private readonly metrics: MetricsService) {}

  handle({ event }: StoredEvent): void {
    switch (event.type) {
      case 'StartRequested':
        this.requestedAt.set(event.stream, Date.parse(event.recordedAt));
        break;
      case 'ContainerStarted': {
        this.metrics.starts.inc();
        const requested = this.requestedAt.get(event.stream);
        this.requestedAt.delete(event.stream);
        const started = Date.parse((event.data as StartedData).startedAt);
        if (requested !== undefined && Number.isFinite(started)) {
          this.metrics.containerActions.labels('start').observe(Math.max(0, started - requested) / 1000);
        }
        break;
      }
      case 'StartFailed':
        this.requestedAt.delete(event.stream);
        this.metrics.startFailures.labels((event.data as FailedData).stage).inc();
        break;
    }
  }
}
