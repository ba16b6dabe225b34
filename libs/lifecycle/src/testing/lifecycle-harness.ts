import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { EventStore, RecordedEvent } from '@berth/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LifecycleOptions, RuntimeOptions } from '../lifecycle-options';
import { LifecycleModule } from '../lifecycle.module';
import { SagaRunner } from '../saga/saga-runner';
import { ContainerService } from '../service/container-service';
import { EVENT_STORE } from '../tokens';

export interface LifecycleHarness {
  readonly app: INestApplicationContext;
  readonly service: ContainerService;
  readonly store: EventStore;
  readonly dataDir: string;
  /** Event types of a container's stream, in order. */
  types(id: string): Promise<string[]>;
  events(id: string): Promise<RecordedEvent[]>;
  /** Waits until the container's stream has an event of this type (bounded). */
  eventually(id: string, type: string, timeoutMs?: number): Promise<RecordedEvent>;
  close(): Promise<void>;
}

/** A real lifecycle (Nest app context, SQLite store, read model) in a temp data dir. */
export async function startLifecycle(
  runtime: RuntimeOptions = { kind: 'process' },
  dataDir?: string,
  extra: Partial<Pick<LifecycleOptions, 'network'>> = {},
): Promise<LifecycleHarness> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'berth-lifecycle-'));
  const app = await NestFactory.createApplicationContext(
    LifecycleModule.forRoot({
      dataDir: dir,
      eventStore: { kind: 'sqlite', path: join(dir, 'berth.db') },
      experimental: false,
      runtime,
      ...extra,
    }),
    { logger: ['error'], abortOnError: false },
  );
  app.enableShutdownHooks();
  await app.init();
  const store = app.get<EventStore>(EVENT_STORE);
  const events = (id: string) => store.readStream(`container-${id}`);
  const harness: LifecycleHarness = {
    app,
    service: app.get(ContainerService),
    store,
    dataDir: dir,
    events,
    types: async (id) => (await events(id)).map((e) => e.type),
    eventually: async (id, type, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await events(id)).find((e) => e.type === type);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(
            `no ${type} on container ${id} within ${timeoutMs} ms: ${(await harness.types(id)).join(', ')}`,
          );
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: async () => {
      await app.get(SagaRunner).idle();
      await app.close();
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}
