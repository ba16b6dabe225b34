/**
 * npm run bench:start — median wall time of create → start → exit recorded for `true` (busybox,
 * network none) through berth on containerd, next to the same steps done by raw containerd gRPC
 * calls (create container, create task, wait, start, exit, delete task and container) on the same
 * managed containerd in the same run, interleaved. Needs root, containerd and runc.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { buildBusyboxRootfs, type HostResources } from '@berth/host';
import { ContainerService, HOST, LifecycleModule, SagaRunner } from '@berth/lifecycle';
import { buildOciSpec, connectContainerd } from '@berth/runtime';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ociSpecAny, runcOptionsAny } from '../libs/runtime/src/containerd/any-codec';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'berth-bench-start-'));
  const dataDir = join(work, 'data');
  const namespace = `berthbench${process.pid}`;
  const app = await NestFactory.createApplicationContext(
    LifecycleModule.forRoot({
      dataDir,
      eventStore: { kind: 'sqlite', path: join(dataDir, 'berth.db') },
      experimental: false,
      runtime: { kind: 'containerd', namespace },
    }),
    { logger: ['error'] },
  );
  await app.init();
  const service = app.get(ContainerService);
  const host = app.get<HostResources>(HOST);
  const rootfs = join(work, 'rootfs');
  await buildBusyboxRootfs(rootfs, join(work, 'busybox.tar'));
  await host.images.import(join(work, 'busybox.tar'), { repo: 'busybox', tag: 'bench' });
  const client = await connectContainerd({
    address: join(dataDir, 'containerd', 'containerd.sock'),
    namespace: `${namespace}raw`,
  });
  const ctx = { actor: 'bench', source: 'bench' };

  const viaBerth = async (): Promise<number> => {
    const t = process.hrtime.bigint();
    const { id } = await service.create(
      { config: { image: 'busybox:bench', cmd: ['true'] }, hostConfig: { networkMode: 'none' } },
      ctx,
    );
    await service.start(id, ctx);
    await service.wait(id, 'not-running');
    return ms(t);
  };
  const viaRaw = async (): Promise<number> => {
    const id = randomBytes(32).toString('hex');
    const spec = await buildOciSpec(
      {
        id,
        rootfs,
        readonlyRootfs: false,
        process: { args: ['true'], env: ['PATH=/bin'], cwd: '/', user: '', terminal: false },
        hostname: id.slice(0, 12),
        mounts: [],
        shmSize: 64 * 1024 * 1024,
        network: { mode: 'none' },
        logPath: join(work, 'raw.log'),
      },
      { namespace: `${namespace}raw` },
    );
    const t = process.hrtime.bigint();
    await client.createContainer({
      id,
      runtime: {
        name: 'io.containerd.runc.v2',
        options: runcOptionsAny({ root: join(dataDir, 'containerd', 'runc') }),
      },
      spec: ociSpecAny(spec),
    });
    await client.createTask({ container_id: id, stdin: '', stdout: '', stderr: '', terminal: false });
    const exited = client.waitTask(id);
    await client.startTask(id);
    await exited;
    const elapsed = ms(t);
    await client.deleteTask(id);
    await client.deleteContainer(id);
    return elapsed;
  };

  await viaBerth();
  await viaRaw();
  const berth: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    berth.push(await viaBerth());
    raw.push(await viaRaw());
  }
  console.log(
    `bench:start — create → start → exit recorded, /bin/true (busybox), ${RUNS} runs each, interleaved`,
  );
  console.log(`  raw containerd gRPC   median ${median(raw).toFixed(1)} ms`);
  console.log(`  berth (event-sourced) median ${median(berth).toFixed(1)} ms`);
  console.log(
    `  berth adds ${(median(berth) - median(raw)).toFixed(1)} ms (goal ≤ 15 ms), ratio ${(median(berth) / median(raw)).toFixed(2)}`,
  );
  client.close();
  await app.get(SagaRunner).idle();
  await app.close();
  rmSync(work, { recursive: true, force: true });
}

main().then(
  // The managed containerd's child handles can keep the loop alive after close.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
