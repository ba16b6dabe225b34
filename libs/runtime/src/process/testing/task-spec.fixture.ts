import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Runtime, TaskExit, TaskSpec } from '../../runtime.port';

/** Test helpers: a temp directory, a TaskSpec in it, and exits awaited by container id. */

export function tempDir(prefix = 'berth-process-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

let counter = 0;

export function taskSpec(
  dir: string,
  args: readonly string[],
  process: Partial<TaskSpec['process']> = {},
): TaskSpec {
  counter += 1;
  const id = `${counter.toString(16)}`.padStart(64, 'c');
  return {
    id,
    rootfs: dir,
    readonlyRootfs: false,
    process: { args, env: ['PATH=/usr/bin:/bin'], cwd: '/', user: '', terminal: false, ...process },
    hostname: id.slice(0, 12),
    mounts: [],
    shmSize: 64 * 1024 * 1024,
    network: { mode: 'none' },
    logPath: join(dir, 'logs', `${id}-json.log`),
  };
}

/** Registers the runtime's exit handler; `exitOf(id)` resolves with that task's exit. */
export function exitWatcher(runtime: Runtime): { exitOf(id: string): Promise<TaskExit>; seen: TaskExit[] } {
  const seen: TaskExit[] = [];
  const waiters = new Map<string, (exit: TaskExit) => void>();
  runtime.onExit((exit) => {
    seen.push(exit);
    waiters.get(exit.id)?.(exit);
  });
  return {
    seen,
    exitOf: (id) =>
      new Promise((resolve) => {
        const already = seen.find((exit) => exit.id === id);
        if (already) resolve(already);
        else waiters.set(id, resolve);
      }),
  };
}
