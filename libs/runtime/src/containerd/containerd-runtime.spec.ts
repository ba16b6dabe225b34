import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeCallError, type TaskSpec } from '../runtime.port';
import type { ContainerdClient } from './containerd-client';
import type { ContainerdRuntime } from './containerd-runtime';
import { buildBusyboxRootfs } from './testing/busybox-rootfs';
import { startContainerdTestEnv, type ContainerdTestEnv } from './testing/containerd-test-env';
import { ExitCollector } from './testing/exit-collector';

interface LogLine {
  log: string;
  stream: string;
  time: string;
}

describe('ContainerdRuntime against a real containerd', () => {
  let env: ContainerdTestEnv;
  let runtime: ContainerdRuntime;
  let exits: ExitCollector;
  let client: ContainerdClient;
  let rootfs: string;

  const newId = (): string => randomBytes(32).toString('hex');

  const spec = (args: string[], overrides: Partial<TaskSpec> = {}): TaskSpec => {
    const id = newId();
    return {
      id,
      rootfs,
      readonlyRootfs: false,
      process: { args, env: ['PATH=/bin'], cwd: '/', user: '', terminal: false },
      hostname: id.slice(0, 12),
      mounts: [],
      shmSize: 64 * 1024 * 1024,
      network: { mode: 'none' },
      logPath: join(env.dir, 'logs', id, `${id}-json.log`),
      ...overrides,
    };
  };

  const readLog = (path: string): LogLine[] =>
    readFileSync(path, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as LogLine);

  const leftInContainerd = async (id: string): Promise<{ containers: number; tasks: number }> => ({
    containers: (await client.listContainers()).filter((c) => c.id === id).length,
    tasks: (await client.listTasks()).filter((t) => t.id === id).length,
  });

  beforeAll(async () => {
    env = await startContainerdTestEnv();
    rootfs = buildBusyboxRootfs(join(env.dir, 'rootfs'));
    copyFileSync(join(rootfs, 'bin', 'busybox'), join(rootfs, 'bin', 'noexec'));
    chmodSync(join(rootfs, 'bin', 'noexec'), 0o644);
    runtime = await env.openRuntime();
    exits = new ExitCollector(runtime);
    client = env.client();
  });

  afterAll(async () => {
    client?.close();
    await runtime?.close();
    await env?.cleanup();
    expect(env.leftoverMounts()).toEqual([]);
  });

  afterEach(() => {
    expect(env.leftoverMounts()).toEqual([]);
  });

  it('given sh printing to both streams and exiting 3, then the exit is 3 and the log has JSON lines per stream', async () => {
    const task = spec(['sh', '-c', 'echo hi; echo err >&2; exit 3']);
    await runtime.create(task);
    expect(await runtime.get(task.id)).toMatchObject({ id: task.id, status: 'created' });
    const { pid } = await runtime.start(task.id);
    expect(pid).toBeGreaterThan(0);

    const exit = await exits.waitFor(task.id);
    expect(exit).toMatchObject({ id: task.id, pid, exitCode: 3, oomKilled: false });
    expect(exit.exitedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    const lines = readLog(task.logPath);
    expect(lines.map(({ log, stream }) => ({ log, stream })).sort((a, b) => a.stream.localeCompare(b.stream))).toEqual([
      { log: 'err\n', stream: 'stderr' },
      { log: 'hi\n', stream: 'stdout' },
    ]);
    for (const line of lines) expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    expect(await runtime.get(task.id)).toMatchObject({ status: 'stopped', exitCode: 3 });

    expect(await runtime.delete(task.id)).toEqual({ exitCode: 3 });
    expect(await leftInContainerd(task.id)).toEqual({ containers: 0, tasks: 0 });
    expect(await runtime.get(task.id)).toBeUndefined();
    expect(exits.count(task.id)).toBe(1);
  });

  it('given a missing binary, then create fails with runc\'s text verbatim and leaves nothing in containerd', async () => {
    const task = spec(['/bin/nope']);
    const error = await runtime.create(task).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RuntimeCallError);
    expect((error as RuntimeCallError).message).toContain('exec: "/bin/nope": stat /bin/nope: no such file or directory');
    expect((error as RuntimeCallError).message).toMatch(/^failed to create shim task: OCI runtime create failed: runc create failed: /);
    expect((error as RuntimeCallError).kind).toBe('unknown');
    expect(await leftInContainerd(task.id)).toEqual({ containers: 0, tasks: 0 });
  });

  it('given a relative name not on PATH, then "executable file not found in $PATH"', async () => {
    await expect(runtime.create(spec(['nope']))).rejects.toThrow('exec: "nope": executable file not found in $PATH');
  });

  it('given a mode-0644 binary, then create fails with "permission denied"', async () => {
    const task = spec(['/bin/noexec']);
    await expect(runtime.create(task)).rejects.toThrow('exec: "/bin/noexec": permission denied');
    expect(await leftInContainerd(task.id)).toEqual({ containers: 0, tasks: 0 });
  });

  it('given a file bound onto a directory, then create fails with "not a directory" and leaves no mount', async () => {
    const file = join(env.dir, 'a-file');
    writeFileSync(file, 'x');
    const task = spec(['true'], { mounts: [{ destination: '/tmp', type: 'bind', source: file, options: ['rbind', 'ro'] }] });
    const error = await runtime.create(task).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain(`error mounting "${file}" to rootfs at "/tmp"`);
    expect(error?.message).toContain('not a directory');
    expect(await leftInContainerd(task.id)).toEqual({ containers: 0, tasks: 0 });
  });

  it('given binds, tmpfs, a user and a read-only rootfs, then the container sees them', async () => {
    const data = join(env.dir, 'data');
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'in.txt'), 'from host\n');
    const script = [
      'cat /data/in.txt',
      'id -u; id -g',
      'hostname',
      'touch /etc/x 2>/dev/null && echo rootfs-rw || echo rootfs-ro',
      'touch /scratch/x && echo tmpfs-rw',
      'echo > /dev/null && echo devnull-ok',
      'grep -c " /dev/shm " /proc/mounts',
      'touch /data/y 2>/dev/null && echo bind-rw || echo bind-ro',
    ].join('; ');
    const task = spec(['sh', '-c', script], {
      readonlyRootfs: true,
      hostname: 'web-1',
      process: { args: ['sh', '-c', script], env: ['PATH=/bin'], cwd: '/', user: 'nobody', terminal: false },
      mounts: [
        { destination: '/data', type: 'bind', source: data, options: ['ro'] },
        { destination: '/scratch', type: 'tmpfs', source: 'tmpfs', options: ['size=1m', 'mode=1777'] },
      ],
    });
    await runtime.create(task);
    await runtime.start(task.id);
    expect((await exits.waitFor(task.id)).exitCode).toBe(0);
    expect(readLog(task.logPath).map((l) => l.log.trimEnd())).toEqual([
      'from host',
      '65534',
      '65534',
      'web-1',
      'rootfs-ro',
      'tmpfs-rw',
      'devnull-ok',
      '1',
      'bind-ro',
    ]);
    await runtime.delete(task.id);
  });

  it('given an existing container and task, when create runs again, then they are kept, not created twice', async () => {
    const task = spec(['sh', '-c', 'echo once; exit 0']);
    await runtime.create(task);
    const first = await runtime.get(task.id);
    await runtime.create(task);
    expect(await runtime.get(task.id)).toEqual(first);
    expect(await leftInContainerd(task.id)).toEqual({ containers: 1, tasks: 1 });
    await runtime.start(task.id);
    expect((await exits.waitFor(task.id)).exitCode).toBe(0);
    expect(readLog(task.logPath).map((l) => l.log)).toEqual(['once\n']);
    await runtime.delete(task.id);
  });

  it('given a container record without its task (berthd died in between), when create runs again, then the task is created', async () => {
    const task = spec(['sh', '-c', 'echo second-try']);
    await runtime.create(task);
    await client.killTask(task.id, 9).catch(() => undefined);
    await client.deleteTask(task.id);
    expect(await leftInContainerd(task.id)).toEqual({ containers: 1, tasks: 0 });
    await runtime.create(task);
    const { pid } = await runtime.start(task.id);
    expect((await exits.waitFor(task.id, 10_000, pid)).exitCode).toBe(0);
    expect(readLog(task.logPath).map((l) => l.log)).toEqual(['second-try\n']);
    await runtime.delete(task.id);
    expect(await leftInContainerd(task.id)).toEqual({ containers: 0, tasks: 0 });
  });

  it('given a terminal, then the output goes to the log as stdout through a tty', async () => {
    const task = spec(['sh', '-c', 'test -t 1 && echo is-a-tty'], {});
    const tty = { ...task, process: { ...task.process, terminal: true } };
    await runtime.create(tty);
    await runtime.start(tty.id);
    expect((await exits.waitFor(tty.id)).exitCode).toBe(0);
    expect(readLog(tty.logPath).map(({ log, stream }) => ({ log, stream }))).toEqual([{ log: 'is-a-tty\r\n', stream: 'stdout' }]);
    await runtime.delete(tty.id);
  });

  it('given a created task never started, when deleted, then no exit is reported and nothing is left', async () => {
    const task = spec(['sleep', '30']);
    await runtime.create(task);
    expect(await runtime.delete(task.id)).toEqual({});
    await sleep(300);
    expect(exits.count(task.id)).toBe(0);
    expect(await leftInContainerd(task.id)).toEqual({ containers: 0, tasks: 0 });
    expect(await runtime.delete(task.id)).toEqual({}); // NotFound counts as done
  });

  it('given sleep 30, then pause, resume, SIGTERM ignored by PID 1, SIGKILL → 137', async () => {
    const task = spec(['sleep', '30']);
    await runtime.create(task);
    await runtime.start(task.id);
    await runtime.pause(task.id);
    expect(await runtime.get(task.id)).toMatchObject({ status: 'paused' });
    expect((await client.getTask(task.id)).status).toBe('PAUSED');
    await runtime.resume(task.id);
    expect(await runtime.get(task.id)).toMatchObject({ status: 'running' });
    expect((await runtime.list()).find((t) => t.id === task.id)).toMatchObject({ status: 'running' });

    await expect(runtime.delete(task.id)).rejects.toMatchObject({ name: 'RuntimeCallError' });
    expect(await runtime.get(task.id)).toMatchObject({ status: 'running' });

    await runtime.kill(task.id, 15);
    await sleep(500);
    expect(await runtime.get(task.id)).toMatchObject({ status: 'running' });
    expect(exits.count(task.id)).toBe(0);

    await runtime.kill(task.id, 9);
    expect(await exits.waitFor(task.id)).toMatchObject({ exitCode: 137, oomKilled: false });
    expect(await runtime.delete(task.id)).toEqual({ exitCode: 137 });
    expect(exits.count(task.id)).toBe(1);
  });

  it('given an unknown id, then calls reject with not_found and get is undefined', async () => {
    const id = newId();
    await expect(runtime.kill(id, 9)).rejects.toMatchObject({ name: 'RuntimeCallError', kind: 'not_found' });
    await expect(runtime.start(id)).rejects.toMatchObject({ kind: 'not_found' });
    expect(await runtime.get(id)).toBeUndefined();
  });

  it('given an id containerd refuses, then create rejects with kind invalid', async () => {
    const task = { ...spec(['true']), id: 'bad/id' };
    await expect(runtime.create(task)).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('given containerd is killed while a task runs, then it is restarted and the exit and all output still arrive', async () => {
    const task = spec(['sh', '-c', 'echo before; sleep 2; echo after; exit 5']);
    await runtime.create(task);
    await runtime.start(task.id);
    await sleep(300);
    const restarts = env.managed.restarts;
    process.kill(env.managed.pid!, 'SIGKILL');

    expect(await exits.waitFor(task.id, 20_000)).toMatchObject({ exitCode: 5 });
    expect(env.managed.restarts).toBe(restarts + 1);
    expect(readLog(task.logPath).map((l) => l.log)).toEqual(['before\n', 'after\n']);
    expect(await runtime.delete(task.id)).toEqual({ exitCode: 5 });
    expect(exits.count(task.id)).toBe(1);
  });

  it('given the task exits while containerd is down, then the exit is found by reconciliation after its restart', async () => {
    const task = spec(['sh', '-c', 'sleep 1; exit 7']);
    await runtime.create(task);
    await runtime.start(task.id);
    const pid = env.managed.pid!;
    process.kill(pid, 'SIGSTOP'); // frozen: no event can be published or forwarded
    await sleep(1_500);
    expect(exits.count(task.id)).toBe(0);
    process.kill(pid, 'SIGKILL');

    expect(await exits.waitFor(task.id, 20_000)).toMatchObject({ exitCode: 7 });
    await sleep(300);
    expect(exits.count(task.id)).toBe(1);
    await runtime.delete(task.id);
  });

  it('given berthd restarts while a task runs, then the new runtime re-attaches its log and reports its exit', async () => {
    const task = spec(['sh', '-c', 'echo one; sleep 1; echo two; exit 4']);
    await runtime.create(task);
    await runtime.start(task.id);
    await sleep(200);
    await runtime.close(); // berthd going away: the task keeps running

    await sleep(1_500); // "two" and the exit happen while nobody reads
    runtime = await env.openRuntime();
    exits = new ExitCollector(runtime);
    expect(await exits.waitFor(task.id)).toMatchObject({ exitCode: 4 });
    // Output written before the exit while berthd was down is lost with the pipe (documented).
    expect(readLog(task.logPath).map((l) => l.log)).toContain('one\n');
    await runtime.delete(task.id);
  });

  it('given berthd restarts while a task runs and it exits later, then output written meanwhile is copied', async () => {
    const task = spec(['sh', '-c', 'echo one; sleep 1; echo two; sleep 1; echo three; exit 0']);
    await runtime.create(task);
    await runtime.start(task.id);
    await sleep(200);
    await runtime.close();
    await sleep(1_200); // "two" waits in the pipe
    runtime = await env.openRuntime();
    exits = new ExitCollector(runtime);
    expect(await exits.waitFor(task.id)).toMatchObject({ exitCode: 0 });
    expect(readLog(task.logPath).map((l) => l.log)).toEqual(['one\n', 'two\n', 'three\n']);
    expect(exits.count(task.id)).toBe(1);
    await runtime.delete(task.id);
  });
});
