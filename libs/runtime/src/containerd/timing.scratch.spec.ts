import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, it } from 'vitest';
import type { TaskSpec } from '../runtime.port';
import type { ContainerdRuntime } from './containerd-runtime';
import { buildBusyboxRootfs } from './testing/busybox-rootfs';
import { startContainerdTestEnv, type ContainerdTestEnv } from './testing/containerd-test-env';
import { ExitCollector } from './testing/exit-collector';

let env: ContainerdTestEnv;
let runtime: ContainerdRuntime;
let exits: ExitCollector;
let rootfs: string;
beforeAll(async () => {
  env = await startContainerdTestEnv();
  rootfs = buildBusyboxRootfs(join(env.dir, 'rootfs'));
  runtime = await env.openRuntime();
  exits = new ExitCollector(runtime);
});
afterAll(async () => {
  await runtime.close();
  await env.cleanup();
});
const spec = (args: string[]): TaskSpec => {
  const id = randomBytes(32).toString('hex');
  return { id, rootfs, readonlyRootfs: false, process: { args, env: ['PATH=/bin'], cwd: '/', user: '', terminal: false }, hostname: 'x', mounts: [], shmSize: 0, network: { mode: 'none' }, logPath: join(env.dir, 'logs', `${id}.log`) };
};
it('timing', async () => {
  const t = (): number => performance.now();
  const client = env.client();
  for (let i = 0; i < 2; i++) {
    const s = spec(['sleep', '30']);
    await runtime.create(s);
    const a0 = t();
    await client.getTask(s.id);
    const a1 = t();
    await client.killTask(s.id, 9);
    const a15 = t();
    await client.deleteTask(s.id);
    const a2 = t();
    console.log(`kill ${(a15 - a1).toFixed(1)} delete ${(a2 - a15).toFixed(1)}`);
    await runtime.delete(s.id);
    console.log(`created-delete raw: get ${(a1 - a0).toFixed(1)} deleteTask ${(a2 - a1).toFixed(1)} runtime.delete ${(t() - a2).toFixed(1)}`);
  }
  for (let i = 0; i < 3; i++) {
    const s = spec(['sleep', '30']);
    const a = t();
    await runtime.create(s);
    const b = t();
    await runtime.delete(s.id);
    console.log(`created-delete: create ${(b - a).toFixed(1)} delete ${(t() - b).toFixed(1)}`);
  }
  for (let i = 0; i < 6; i++) {
    const s = spec(['true']);
    const a = t();
    await runtime.create(s);
    const b = t();
    await runtime.start(s.id);
    const c = t();
    await exits.waitFor(s.id);
    const d = t();
    await runtime.delete(s.id);
    const e = t();
    console.log(`create ${(b - a).toFixed(1)} start ${(c - b).toFixed(1)} exit ${(d - c).toFixed(1)} delete ${(e - d).toFixed(1)} total ${(e - a).toFixed(1)}`);
  }
}, 60_000);
