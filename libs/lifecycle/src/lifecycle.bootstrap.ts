import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { StoreEventBus } from './event-bus/store-event-bus';
import { ContainerProjection } from './projection/container-projection';
import { RuntimeExits } from './saga/runtime-exits';
import { SagaRunner } from './saga/saga-runner';

/**
 * Boot order: the read model catches up with the store; runtime exits are listened to and the
 * running containers reconciled with the runtime; then the sagas resume (every unfinished start
 * is continued or compensated) and the event bus goes live. Shutdown stops them in reverse.
 */
@Injectable()
export class LifecycleBootstrap implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Lifecycle');

  constructor(
    private readonly projection: ContainerProjection,
    private readonly exits: RuntimeExits,
    private readonly sagas: SagaRunner,
    private readonly eventBus: StoreEventBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.projection.start();
    await this.projection.caughtUp();
    this.exits.listen();
    await this.exits.reconcile();
    await this.sagas.start();
    await this.eventBus.start();
    this.logger.log('lifecycle ready: read model caught up, runtime reconciled, sagas resumed');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.eventBus.stop();
    await this.sagas.stop();
    await this.projection.stop();
  }
}
