import { DynamicModule, Module } from '@nestjs/common';
import { AdminGrpc } from './admin.grpc';
import { ContainerLookup } from './container-lookup';
import { DebugGrpc } from './debug.grpc';
import { EventsGrpc } from './events.grpc';
import type { GrpcConfig } from './grpc-config';
import { GRPC_CONFIG, GrpcServer } from './grpc-server';
import { LifecycleGrpc } from './lifecycle.grpc';

/** The berth.v1 gRPC API (needs the global LifecycleModule). main.ts calls GrpcServer.start(). */
@Module({})
export class GrpcModule {
  static forRoot(config: GrpcConfig): DynamicModule {
    return {
      module: GrpcModule,
      providers: [
        { provide: GRPC_CONFIG, useValue: config },
        ContainerLookup,
        LifecycleGrpc,
        EventsGrpc,
        DebugGrpc,
        AdminGrpc,
        GrpcServer,
      ],
      exports: [GrpcServer],
    };
  }
}
