import 'reflect-metadata';
import { Test, type TestingModule } from '@nestjs/testing';
import { ProcessRuntime, type Runtime, type TaskExit, type TaskSpec } from '@berth/runtime';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LifecycleModule } from '../lifecycle.module';
import { RUNTIME_HANDLE } from '../runtime.provider';
import { ContainerService } from '../service/container-service';
import { SagaRunner } from './saga-runner';

/** A runtime whose start() answers late: the task has exited before the saga records ContainerStarted. */
function lateStarts(inner: Runtime, delayMs: number): Runtime {
  return {
    name: inner.name,
    create: (spec: TaskSpec) => inner.create(spec),
    start: async (id: string) => {
      const started = await inner.start(id);
      await new Promise((r) => setTimeout(r, delayMs));
      return started;
    },
    kill: (id, signal) => inner.kill(id, signal),
    pause: (id) => inner.pause(id),
    resume: (id) => inner.resume(id),
    delete: (id) => inner.delete(id),
    get: (id) => inner.get(id),
    list: () => inner.list(),
    onExit: (handler: (exit: TaskExit) => void) => inner.onExit(handler),
    close: () => inner.close(),
  };
}

describe('runtime exits', () => {
  let moduleRef: TestingModule | undefined;
  let dir = '';
  afterEach(async () => {
    await moduleRef?.get(SagaRunner).idle();
    await moduleRef?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an exit that arrives before ContainerStarted is recorded (not dropped as stale)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'berth-early-exit-'));
    const runtime = lateStarts(new ProcessRuntime({ killOnClose: true }), 300);
    moduleRef = await Test.createTestingModule({
      imports: [LifecycleModule.forRoot({ dataDir: dir, eventStore: { kind: 'sqlite', path: join(dir, 'berth.db') }, experimental: false, runtime: { kind: 'process' } })],
    })
      .overrideProvider(RUNTIME_HANDLE)
      .useValue({ runtime, stop: () => runtime.close() })
      .setLogger(new (class { log() {} error() {} warn() {} debug() {} verbose() {} })())
      .compile();
    await moduleRef.init();
    const service = moduleRef.get(ContainerService);
    const ctx = { actor: 'tester', source: 'test' };
    const { id } = await service.create({ name: 'early', config: { image: 'host', cmd: ['/bin/sh', '-c', 'exit 4'] } }, ctx);
    await service.start(id, ctx);
    const waited = await Promise.race([service.wait(id), new Promise((r) => setTimeout(() => r('no exit recorded'), 5_000))]);
    expect(waited).toEqual({ statusCode: 4 });
    const types = (await service.history(id)).map((e) => e.type);
    expect(types.indexOf('ContainerExited')).toBeGreaterThan(types.indexOf('ContainerStarted'));
  });
});
