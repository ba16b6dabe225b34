import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ContainerdClient } from '../containerd-client';
import { ContainerdRuntime, type ContainerdRuntimeOptions } from '../containerd-runtime';
import { taskId } from '../task-info';
import { startManagedContainerd, type ManagedContainerd } from '../managed-containerd';

/**
 * A private containerd for integration tests: started through startManagedContainerd in a temp
 * dir, with a namespace of its own. cleanup() removes every task, container and the namespace,
 * stops containerd, removes the namespace's cgroups and the temp dir.
 */
export interface ContainerdTestEnv {
  readonly dir: string;
  readonly namespace: string;
  readonly managed: ManagedContainerd;
  /** A fresh client on the test namespace (the caller closes it). */
  client(): ContainerdClient;
  /** A runtime on the test namespace (FIFOs under dir/fifo, runc root of the managed containerd). */
  openRuntime(options?: Partial<ContainerdRuntimeOptions>): Promise<ContainerdRuntime>;
  /** Mount points under dir still present in /proc/self/mountinfo. */
  leftoverMounts(): string[];
  cleanup(): Promise<void>;
}

export async function startContainerdTestEnv(): Promise<ContainerdTestEnv> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-ctd-'));
  const namespace = `berth-test-${randomBytes(4).toString('hex')}`;
  const managed = await startManagedContainerd({ dataDir: dir, startTimeoutMs: 20_000 });
  const client = (): ContainerdClient => new ContainerdClient({ address: managed.address, namespace });
  return {
    dir,
    namespace,
    managed,
    client,
    openRuntime: (options = {}) =>
      ContainerdRuntime.open({ client: client(), fifoDir: join(dir, 'fifo'), runcRoot: managed.paths.runcRoot, ...options }),
    leftoverMounts: () => mountsUnder(dir),
    cleanup: async () => {
      // Through the API first; whatever that could not remove (containerd dead, …) is killed after.
      await removeEverything(new ContainerdClient({ address: managed.address, namespace, callTimeoutMs: 5_000 })).catch(() => undefined);
      await managed.stop();
      killLeftovers(namespace, managed.address);
      await sleep(100);
      removeCgroups(namespace);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((mountPoint) => mountPoint.startsWith(dir));
}

async function removeTask(client: ContainerdClient, id: string, status: string): Promise<void> {
  if (status !== 'STOPPED') {
    if (status === 'PAUSED') await client.resumeTask(id).catch(() => undefined);
    await client.killTask(id, 9, true).catch(() => undefined);
    for (let i = 0; i < 100; i++) {
      const task = await client.getTask(id).catch(() => undefined);
      if (task === undefined || task.status === 'STOPPED') break;
      await sleep(20);
    }
  }
  await client.deleteTask(id).catch(() => undefined);
}

async function removeEverything(client: ContainerdClient): Promise<void> {
  try {
    for (const task of await client.listTasks()) await removeTask(client, taskId(task), task.status).catch(() => undefined);
    for (const container of await client.listContainers()) await client.deleteContainer(container.id).catch(() => undefined);
    await client.deleteNamespace(client.namespace).catch(() => undefined);
  } finally {
    client.close();
  }
}

const readOr = (path: string, fallback: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
};

const killPid = (pid: number): void => {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone
  }
};

/**
 * Last resort when the API cleanup could not finish: kill what is still in the namespace's cgroups
 * (thawed first), the shims serving this containerd, and remove their sockets in /run/containerd/s.
 */
function killLeftovers(namespace: string, address: string): void {
  const ids = (() => {
    try {
      return readdirSync(join('/sys/fs/cgroup/pids', namespace), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name);
    } catch {
      return [];
    }
  })();
  for (const id of ids) {
    try {
      writeFileSync(join('/sys/fs/cgroup/freezer', namespace, id, 'freezer.state'), 'THAWED');
    } catch {
      // not frozen / no freezer
    }
    for (const pid of readOr(join('/sys/fs/cgroup/pids', namespace, id, 'cgroup.procs'), '').split('\n').filter(Boolean)) killPid(Number(pid));
  }
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const cmdline = readOr(`/proc/${entry}/cmdline`, '').split('\0');
    if (cmdline[0]?.endsWith('containerd-shim-runc-v2') && cmdline.includes(address)) killPid(Number(entry));
  }
  // containerd 1.6: a shim's socket is /run/containerd/s/sha256(<address>/<namespace>/<id>).
  for (const id of ids) {
    const hash = createHash('sha256').update(`${address}/${namespace}/${id}`).digest('hex');
    rmSync(join('/run/containerd/s', hash), { force: true });
  }
}

/** cgroups v1: runc removes /<ns>/<id>; the /<ns> parents stay in every hierarchy (and leftovers' children). */
export function removeCgroups(namespace: string): void {
  let hierarchies: string[];
  try {
    hierarchies = readdirSync('/sys/fs/cgroup');
  } catch {
    return;
  }
  for (const hierarchy of hierarchies) {
    const parent = join('/sys/fs/cgroup', hierarchy, namespace);
    try {
      for (const child of readdirSync(parent, { withFileTypes: true })) if (child.isDirectory()) rmdirSync(join(parent, child.name));
      rmdirSync(parent);
    } catch {
      // not there, or still busy
    }
  }
}
