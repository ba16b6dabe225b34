/**
 * npm run bench:saga — complete start sagas per second on the process runtime (/bin/true:
 * create → start → exit recorded), next to a baseline measured in the same run: raw
 * child_process.spawn of /bin/true at the same concurrency. Prints figures and the ratio.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ContainerService, LifecycleModule, SagaRunner } from '@berth/lifecycle';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const TOTAL = Number(process.env.BENCH_SAGAS ?? 400);

async function pool(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await task(next++);
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function spawnTrue(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/true', [], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => resolve());
  });
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-bench-saga-'));
  const app = await NestFactory.createApplicationContext(
    LifecycleModule.forRoot({
      dataDir,
      eventStore: { kind: 'sqlite', path: join(dataDir, 'berth.db') },
      experimental: false,
      runtime: { kind: 'process' },
    }),
    { logger: ['error'] },
  );
  await app.init();
  const service = app.get(ContainerService);
  const ctx = { actor: 'bench', source: 'bench' };
  const saga = async (): Promise<void> => {
    const { id } = await service.create({ config: { image: 'host', cmd: ['/bin/true'] } }, ctx);
    await service.start(id, ctx);
    await service.wait(id, 'not-running');
  };
  // Warm up both paths.
  await pool(32, CONCURRENCY, saga);
  await pool(32, CONCURRENCY, spawnTrue);

  const rows: { what: string; perSecond: number }[] = [];
  for (let round = 0; round < 2; round++) {
    const raw = await pool(TOTAL, CONCURRENCY, spawnTrue);
    const berth = await pool(TOTAL, CONCURRENCY, saga);
    rows.push({ what: `raw spawn /bin/true (round ${round + 1})`, perSecond: TOTAL / raw });
    rows.push({ what: `berth start saga (round ${round + 1})`, perSecond: TOTAL / berth });
  }
  await app.get(SagaRunner).idle();
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });

  const best = (prefix: string) =>
    Math.max(...rows.filter((r) => r.what.startsWith(prefix)).map((r) => r.perSecond));
  console.log(`bench:saga — ${TOTAL} sagas per round, ${CONCURRENCY} in flight, process runtime`);
  for (const r of rows) console.log(`  ${r.what.padEnd(36)} ${r.perSecond.toFixed(0).padStart(6)} /s`);
  const raw = best('raw');
  const berth = best('berth');
  console.log(
    `  best raw ${raw.toFixed(0)}/s, best berth ${berth.toFixed(0)}/s, ratio ${(berth / raw).toFixed(2)} (goal ≥ 0.60)`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
