import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
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
      try {
        await removeEverything(client());
      } finally {
        await managed.stop();
        removeCgroups(namespace);
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((mountPoint) => mountPoint.startsWith(dir));
}

async function removeEverything(client: ContainerdClient): Promise<void> {
  try {
    for (const task of await client.listTasks()) {
      const id = taskId(task);
      if (task.status !== 'STOPPED') {
        if (task.status === 'PAUSED') await client.resumeTask(id).catch(() => undefined);
        await client.killTask(id, 9, true).catch(() => undefined);
        for (let i = 0; i < 100; i++) {
          if ((await client.getTask(id)).status === 'STOPPED') break;
          await sleep(20);
        }
      }
      await client.deleteTask(id).catch(() => undefined);
    }
    for (const container of await client.listContainers()) await client.deleteContainer(container.id).catch(() => undefined);
    await client.deleteNamespace(client.namespace).catch(() => undefined);
  } finally {
    client.close();
  }
}

/** cgroups v1: runc removes /<ns>/<id>; the /<ns> parents stay in every hierarchy. */
function removeCgroups(namespace: string): void {
  let hierarchies: string[];
  try {
    hierarchies = readdirSync('/sys/fs/cgroup');
  } catch {
    return;
  }
  for (const hierarchy of hierarchies) {
    try {
      rmdirSync(join('/sys/fs/cgroup', hierarchy, namespace));
    } catch {
      // not there, or not empty
    }
  }
}
