import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditLog } from './audit/audit-log';
import { CommandExecutor } from './command/command-executor';
import { CommandOutcomes } from './command/command-outcomes';
import { ContainerRepository } from './command/container-repository';
import { CONTAINER_COMMAND_HANDLERS } from './command/handlers/container-command.handlers';
import { NameRegistry } from './command/name-registry';
import { StoreEventBus } from './event-bus/store-event-bus';
import { EventStoreCloser, eventStoreProvider } from './event-store.provider';
import { LifecycleBootstrap } from './lifecycle.bootstrap';
import type { LifecycleOptions } from './lifecycle-options';
import { MetricsHandler } from './metrics/metrics.handler';
import { MetricsService } from './metrics/metrics.service';
import { ContainerProjection } from './projection/container-projection';
import { READ_MODEL, ReadModelCloser, readModelProvider } from './projection/read-model.provider';
import {
  hostProvider,
  networkProvider,
  RuntimeCloser,
  runtimeHandleProvider,
  runtimeProvider,
} from './runtime.provider';
import { RestartTimers } from './saga/restart-timers';
import { RuntimeExits } from './saga/runtime-exits';
import { SagaRunner } from './saga/saga-runner';
import { StartSaga } from './saga/start-saga';
import { ContainerService } from './service/container-service';
import { StreamWatcher } from './service/stream-watcher';
import { EVENT_STORE, HOST, LIFECYCLE_OPTIONS, NETWORK, RUNTIME } from './tokens';

/** berth's lifecycle: command handlers, the store-fed event bus, sagas, projections, restart manager. */
@Module({})
export class LifecycleModule {
  static forRoot(options: LifecycleOptions): DynamicModule {
    return {
      module: LifecycleModule,
      global: true,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: LIFECYCLE_OPTIONS, useValue: options },
        eventStoreProvider,
        readModelProvider,
        runtimeHandleProvider,
        runtimeProvider,
        hostProvider,
        networkProvider,
        ContainerRepository,
        AuditLog,
        CommandExecutor,
        CommandOutcomes,
        NameRegistry,
        StreamWatcher,
        ...CONTAINER_COMMAND_HANDLERS,
        RestartTimers,
        StartSaga,
        SagaRunner,
        RuntimeExits,
        ContainerProjection,
        StoreEventBus,
        MetricsService,
        MetricsHandler,
        ContainerService,
        LifecycleBootstrap,
        // Closers last: Nest runs shutdown hooks in registration order.
        RuntimeCloser,
        ReadModelCloser,
        EventStoreCloser,
      ],
      exports: [
        EVENT_STORE,
        LIFECYCLE_OPTIONS,
        READ_MODEL,
        RUNTIME,
        HOST,
        NETWORK,
        ContainerService,
        MetricsService,
        StreamWatcher,
        SagaRunner,
      ],
    };
  }
}
