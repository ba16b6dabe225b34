import { Inject, Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';
import type { ContainerState } from '@berth/domain';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LifecycleOptions } from '../lifecycle-options';
import { LIFECYCLE_OPTIONS } from '../tokens';
import { ReadModelStore } from './read-model.store';

export const READ_MODEL = Symbol('READ_MODEL');

export function readModelPath(dataDir: string): string {
  return join(dataDir, 'read-model.db');
}

export const readModelProvider: Provider = {
  provide: READ_MODEL,
  inject: [LIFECYCLE_OPTIONS],
  useFactory: (options: LifecycleOptions): ReadModelStore<ContainerState> => {
    mkdirSync(options.dataDir, { recursive: true });
    return new ReadModelStore<ContainerState>(readModelPath(options.dataDir));
  },
};

@Injectable()
export class ReadModelCloser implements OnApplicationShutdown {
  constructor(@Inject(READ_MODEL) private readonly model: ReadModelStore<ContainerState>) {}

  onApplicationShutdown(): void {
    this.model.close();
  }
}
