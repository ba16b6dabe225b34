import { DynamicModule, Module } from '@nestjs/common';
import { LifecycleModule } from '@berth/lifecycle';
import type { BerthConfig } from './config/berth-config';
import { chooseRuntime } from './config/runtime-choice';
import { MetricsController } from './metrics/metrics.controller';
import { HealthController } from './health/health.controller';
import { BERTH_CONFIG } from './tokens';
import { readFileSync } from 'node:fs';
import { DockerApiModule } from './docker/docker-api.module';
import { GrpcModule } from './grpc/grpc.module';
import { loadGrpcConfig } from './grpc/grpc-config';

@Module({})
export class AppModule {
  static forRoot(config: BerthConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LifecycleModule.forRoot({
          dataDir: config.dataDir,
          eventStore:
            config.eventStore === 'kurrentdb'
              ? { kind: 'kurrentdb', connectionString: config.kurrentDbUrl ?? '' }
              : { kind: 'sqlite', path: config.sqlitePath },
          experimental: config.experimental,
          runtime: chooseRuntime(config),
          network: { bridge: config.bridge, subnet: config.bridgeSubnet },
        }),
        DockerApiModule,
        GrpcModule.forRoot(loadGrpcConfig(process.env, (path) => readFileSync(path, 'utf8'))),
      ],
      controllers: [HealthController, MetricsController],
      providers: [{ provide: BERTH_CONFIG, useValue: config }],
    };
  }
}
