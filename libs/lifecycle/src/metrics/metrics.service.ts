import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** berth's Prometheus metrics (served on GET /metrics). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  /** The seed's start timer: containerActions.WithValues("start").UpdateSince(start). */
  readonly containerActions = new Histogram({
    name: 'container_actions_seconds',
    help: 'The number of seconds it takes to process each container action',
    labelNames: ['action'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly starts = new Counter({
    name: 'berth_container_starts_total',
    help: 'Container starts that reached ContainerStarted',
    registers: [this.registry],
  });
  readonly startFailures = new Counter({
    name: 'berth_container_start_failures_total',
    help: 'Container starts that failed (StartFailed), by stage',
    labelNames: ['stage'] as const,
    registers: [this.registry],
  });
  readonly commands = new Counter({
    name: 'berth_commands_total',
    help: 'User commands by type and outcome',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'berthd_' });
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
