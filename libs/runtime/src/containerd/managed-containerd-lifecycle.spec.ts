import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContainerdClient } from './containerd-client';
import { containerdPaths, renderContainerdConfig } from './containerd-config';
import { ContainerdRuntime } from './containerd-runtime';
import { startManagedContainerd, type ManagedContainerd } from './managed-containerd';
import { buildBusyboxRootfs } from './testing/busybox-rootfs';
import { removeCgroups } from './testing/containerd-test-env';
import { ExitCollector } from './testing/exit-collector';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(25);
  }
}

describe('managed containerd across berthd restarts', () => {
  let dataDir: string;
  const running: ManagedContainerd[] = [];

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'berth-ctdl-'));
  });

  afterAll(async () => {
    for (const managed of running) await managed.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('given a managed containerd left running by a crashed berthd, when started again, then it is reused, not doubled', async () => {
    const paths = containerdPaths(dataDir);
    for (const dir of [paths.base, paths.root, paths.state, paths.opt]) mkdirSync(dir, { recursive: true });
    writeFileSync(paths.config, renderContainerdConfig(paths));
    const orphan = spawn('containerd', ['--config', paths.config], { detached: true, stdio: 'ignore' });
    orphan.unref();
    writeFileSync(paths.pidFile, `${orphan.pid}\n`);
    const probe = new ContainerdClient({ address: paths.socket });
    await probe.version(10_000);
    probe.close();

    const managed = await startManagedContainerd({ dataDir });
    running.push(managed);
    expect(managed.pid).toBe(orphan.pid);

    await managed.stop();
    running.pop();
    expect(alive(orphan.pid!)).toBe(false);
  });

  it('given it keeps dying, then restarts stop after maxRestarts', async () => {
    const managed = await startManagedContainerd({ dataDir, maxRestarts: 1 });
    running.push(managed);
    process.kill(managed.pid!, 'SIGKILL');
    await waitUntil(() => managed.restarts === 1 && managed.pid !== undefined && alive(managed.pid), 15_000);
    const second = managed.pid!;
    await sleep(200);
    process.kill(second, 'SIGKILL');
    await waitUntil(() => managed.pid === undefined, 5_000);
    await sleep(500);
    expect(managed.restarts).toBe(1);
    running.pop();
  });

  it('given a running task, when containerd is stopped and started again, then the task survived and its exit is reported', async () => {
    const rootfs = buildBusyboxRootfs(join(dataDir, 'rootfs'));
    const namespace = `berth-test-${randomBytes(4).toString('hex')}`;
    let managed = await startManagedContainerd({ dataDir });
    running.push(managed);
    const open = (): Promise<ContainerdRuntime> =>
      ContainerdRuntime.open({
        client: new ContainerdClient({ address: managed.address, namespace }),
        fifoDir: join(dataDir, 'fifo'),
        runcRoot: managed.paths.runcRoot,
      });
    let runtime = await open();
    const id = randomBytes(32).toString('hex');
    const logPath = join(dataDir, 'logs', `${id}.log`);
    await runtime.create({
      id,
      rootfs,
      readonlyRootfs: false,
      process: { args: ['sh', '-c', 'sleep 1; echo done; exit 9'], env: ['PATH=/bin'], cwd: '/', user: '', terminal: false },
      hostname: 'survivor',
      mounts: [],
      shmSize: 0,
      network: { mode: 'none' },
      logPath,
    });
    const { pid } = await runtime.start(id);
    await runtime.close();
    await managed.stop();
    running.pop();
    expect(alive(pid)).toBe(true); // the shim kept it, like dockerd's live-restore

    managed = await startManagedContainerd({ dataDir });
    running.push(managed);
    runtime = await open();
    const exits = new ExitCollector(runtime);
    expect(await exits.waitFor(id, 10_000)).toMatchObject({ pid, exitCode: 9 });
    expect(await runtime.delete(id)).toEqual({ exitCode: 9 });
    await runtime.close();
    const client = new ContainerdClient({ address: managed.address, namespace });
    await client.deleteNamespace(namespace);
    client.close();
    removeCgroups(namespace);
  });
});
