import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RuntimeCallError } from '../runtime.port';
import { ProcessRuntime } from './process-runtime';
import { isProcessAlive, readProcessState } from './process-status';
import { exitWatcher, taskSpec, tempDir } from './testing/task-spec.fixture';

const RFC3339_NANO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/;

interface LogLine {
  log: string;
  stream: string;
  time: string;
}

function readLog(path: string): LogLine[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as LogLine);
}

async function rejection(promise: Promise<unknown>): Promise<RuntimeCallError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof RuntimeCallError))
    throw new Error(`expected a RuntimeCallError, got ${String(error)}`);
  return error;
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('ProcessRuntime', () => {
  let dir: ReturnType<typeof tempDir>;
  let runtime: ProcessRuntime;

  beforeEach(() => {
    dir = tempDir();
    runtime = new ProcessRuntime({ killOnClose: true });
  });

  afterEach(async () => {
    await runtime.close();
    dir.remove();
  });

  it('is named process and says it does not isolate', () => {
    expect(runtime.name).toBe('process');
    expect(runtime.isolated).toBe(false);
  });

  describe('given a shell writing to both streams and exiting 3', () => {
    it('delivers exit 3 and writes json-file log lines of both streams', async () => {
      const spec = taskSpec(dir.path, ['/bin/sh', '-c', 'echo out; echo err >&2; exit 3']);
      const exits = exitWatcher(runtime);
      await runtime.create(spec);
      expect(await runtime.get(spec.id)).toEqual({ id: spec.id, pid: 0, status: 'created' });

      const { pid } = await runtime.start(spec.id);
      const exit = await exits.exitOf(spec.id);

      expect(exit).toMatchObject({ id: spec.id, pid, exitCode: 3, oomKilled: false });
      expect(exit.exitedAt).toMatch(RFC3339_NANO);
      const lines = readLog(spec.logPath);
      expect(lines.map(({ log, stream }) => ({ log, stream }))).toEqual(
        expect.arrayContaining([
          { log: 'out\n', stream: 'stdout' },
          { log: 'err\n', stream: 'stderr' },
        ]),
      );
      expect(lines).toHaveLength(2);
      for (const line of lines) {
        expect(line.time).toMatch(RFC3339_NANO);
        expect(Math.abs(Date.parse(line.time) - Date.now())).toBeLessThan(10_000);
      }
      expect(await runtime.get(spec.id)).toEqual({
        id: spec.id,
        pid,
        status: 'stopped',
        exitCode: 3,
        exitedAt: exit.exitedAt,
      });
    });
  });

  it('flushes a partial last line at exit and splits output per line', async () => {
    const spec = taskSpec(dir.path, ['/bin/sh', '-c', 'printf "a\\nb\\nno newline"']);
    const exits = exitWatcher(runtime);
    await runtime.create(spec);
    await runtime.start(spec.id);
    await exits.exitOf(spec.id);
    expect(readLog(spec.logPath).map((line) => line.log)).toEqual(['a\n', 'b\n', 'no newline']);
  });

  it('cuts lines longer than 16 KiB into partial messages, as Docker does', async () => {
    const spec = taskSpec(dir.path, ['/bin/sh', '-c', "head -c 40000 /dev/zero | tr '\\0' a; echo"]);
    const exits = exitWatcher(runtime);
    await runtime.create(spec);
    await runtime.start(spec.id);
    await exits.exitOf(spec.id);
    expect(readLog(spec.logPath).map((line) => line.log.length)).toEqual([16384, 16384, 40000 - 32768 + 1]);
  });

  it('delivers the exit even when a process outside its group keeps the output open', async () => {
    const quick = new ProcessRuntime({ killOnClose: true, outputDrainTimeoutMs: 200 });
    const spec = taskSpec(dir.path, [
      '/bin/sh',
      '-c',
      "setsid /bin/sh -c 'echo $$; exec sleep 30' & sleep 0.2; exit 4",
    ]);
    const exits = exitWatcher(quick);
    try {
      await quick.create(spec);
      await quick.start(spec.id);
      expect((await exits.exitOf(spec.id)).exitCode).toBe(4);
    } finally {
      await quick.close();
      const escaped = Number(readLog(spec.logPath)[0]?.log);
      if (escaped > 0) process.kill(escaped, 'SIGKILL');
    }
  });

  describe('executable checks fail at create with runc texts', () => {
    it('a missing absolute path', async () => {
      const spec = taskSpec(dir.path, ['/bin/nope']);
      const error = await rejection(runtime.create(spec));
      expect(error.message).toBe('exec: "/bin/nope": stat /bin/nope: no such file or directory');
      expect(await runtime.get(spec.id)).toBeUndefined();
    });

    it('a name not on PATH', async () => {
      const error = await rejection(runtime.create(taskSpec(dir.path, ['nope'])));
      expect(error.message).toBe('exec: "nope": executable file not found in $PATH');
    });

    it('a mode-0644 file', async () => {
      const file = join(dir.path, 'noexec');
      writeFileSync(file, '#!/bin/sh\necho hi\n');
      chmodSync(file, 0o644);
      const error = await rejection(runtime.create(taskSpec(dir.path, [file])));
      expect(error.message).toBe(`exec: "${file}": permission denied`);
    });

    it('a directory', async () => {
      const error = await rejection(runtime.create(taskSpec(dir.path, ['/tmp'])));
      expect(error.message).toBe('exec: "/tmp": permission denied');
    });

    it('a missing rootfs', async () => {
      const missing = join(dir.path, 'gone');
      const error = await rejection(
        runtime.create({ ...taskSpec(dir.path, ['/bin/true']), rootfs: missing }),
      );
      expect(error.message).toBe(`invalid rootfs: stat ${missing}: no such file or directory`);
    });
  });

  it('looks names up in the PATH of the spec env', async () => {
    const bin = join(dir.path, 'mybin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'hello'), '#!/bin/sh\necho "hello from $0"\n', { mode: 0o755 });
    const spec = taskSpec(dir.path, ['hello'], { env: [`PATH=/nowhere:${bin}`] });
    const exits = exitWatcher(runtime);
    await runtime.create(spec);
    await runtime.start(spec.id);
    expect((await exits.exitOf(spec.id)).exitCode).toBe(0);
    expect(readLog(spec.logPath)[0]?.log).toBe(`hello from ${join(bin, 'hello')}\n`);
  });

  it('honours env (and nothing of the host env) and the working dir', async () => {
    const work = join(dir.path, 'work');
    mkdirSync(work);
    const spec = taskSpec(dir.path, ['/bin/sh', '-c', 'echo "$GREETING|$HOME|$(pwd)"'], {
      env: ['PATH=/usr/bin:/bin', 'GREETING=hi there'],
      cwd: work,
    });
    const exits = exitWatcher(runtime);
    await runtime.create(spec);
    await runtime.start(spec.id);
    await exits.exitOf(spec.id);
    expect(readLog(spec.logPath)[0]?.log).toBe(`hi there||${work}\n`);
  });

  it("runs in the rootfs when cwd is '/', and creates a missing cwd under the rootfs", async () => {
    const exits = exitWatcher(runtime);
    const atRoot = taskSpec(dir.path, ['/bin/pwd']);
    const missing = taskSpec(dir.path, ['/bin/pwd'], { cwd: '/berth-test-missing/app' });
    for (const spec of [atRoot, missing]) {
      await runtime.create(spec);
      await runtime.start(spec.id);
      await exits.exitOf(spec.id);
    }
    expect(readLog(atRoot.logPath)[0]?.log).toBe(`${dir.path}\n`);
    expect(readLog(missing.logPath)[0]?.log).toBe(`${join(dir.path, 'berth-test-missing/app')}\n`);
    expect(existsSync('/berth-test-missing')).toBe(false);
  });

  describe('given a running sleep 30', () => {
    it('pause stops the process (state T) and resume continues it', async () => {
      const spec = taskSpec(dir.path, ['sleep', '30']);
      await runtime.create(spec);
      const { pid } = await runtime.start(spec.id);
      expect((await runtime.get(spec.id))?.status).toBe('running');

      await runtime.pause(spec.id);
      expect((await runtime.get(spec.id))?.status).toBe('paused');
      await until(() => readProcessState(pid) === 'T');

      await runtime.resume(spec.id);
      expect((await runtime.get(spec.id))?.status).toBe('running');
      await until(() => readProcessState(pid) === 'S');
    });

    it('kill 15 → exit 143', async () => {
      const spec = taskSpec(dir.path, ['sleep', '30']);
      const exits = exitWatcher(runtime);
      await runtime.create(spec);
      const { pid } = await runtime.start(spec.id);
      await runtime.kill(spec.id, 15);
      expect((await exits.exitOf(spec.id)).exitCode).toBe(143);
      expect(isProcessAlive(pid)).toBe(false);
    });

    it('kill 9 of a paused task → exit 137', async () => {
      const spec = taskSpec(dir.path, ['sleep', '30']);
      const exits = exitWatcher(runtime);
      await runtime.create(spec);
      await runtime.start(spec.id);
      await runtime.pause(spec.id);
      await runtime.kill(spec.id, 9);
      expect((await exits.exitOf(spec.id)).exitCode).toBe(137);
      expect((await runtime.get(spec.id))?.status).toBe('stopped');
    });

    it('delete is refused while it runs, and forgets it once stopped', async () => {
      const spec = taskSpec(dir.path, ['sleep', '30']);
      const exits = exitWatcher(runtime);
      await runtime.create(spec);
      await runtime.start(spec.id);

      const refused = await rejection(runtime.delete(spec.id));
      expect(refused.kind).toBe('invalid');
      expect(refused.message).toBe('task must be stopped before deletion: running: failed precondition');

      await runtime.kill(spec.id, 9);
      await exits.exitOf(spec.id);
      expect(await runtime.delete(spec.id)).toEqual({ exitCode: 137 });
      expect(await runtime.get(spec.id)).toBeUndefined();
      expect(await runtime.delete(spec.id)).toEqual({});
    });

    it('kills the rest of its process group when the main process exits', async () => {
      const spec = taskSpec(dir.path, ['/bin/sh', '-c', 'sleep 30 & echo $!; exit 0']);
      const exits = exitWatcher(runtime);
      await runtime.create(spec);
      await runtime.start(spec.id);
      await exits.exitOf(spec.id);
      const child = Number(readLog(spec.logPath)[0]?.log);
      await until(() => !isProcessAlive(child));
    });
  });

  it('create is idempotent: the task of an existing id is kept', async () => {
    const spec = taskSpec(dir.path, ['sleep', '30']);
    await runtime.create(spec);
    const { pid } = await runtime.start(spec.id);
    await runtime.create({ ...spec, process: { ...spec.process, args: ['/bin/nope'] } });
    expect(await runtime.get(spec.id)).toEqual({ id: spec.id, pid, status: 'running' });
  });

  it('refuses calls about unknown or not-started tasks with a kind', async () => {
    expect((await rejection(runtime.start('unknown'))).kind).toBe('not_found');
    expect((await rejection(runtime.kill('unknown', 15))).kind).toBe('not_found');
    const spec = taskSpec(dir.path, ['/bin/true']);
    await runtime.create(spec);
    expect((await rejection(runtime.kill(spec.id, 15))).kind).toBe('invalid');
    expect((await rejection(runtime.pause(spec.id))).kind).toBe('invalid');
    expect(await runtime.delete(spec.id)).toEqual({});
  });

  it('delivers exits that happened before the handler was registered', async () => {
    const spec = taskSpec(dir.path, ['/bin/sh', '-c', 'exit 7']);
    await runtime.create(spec);
    await runtime.start(spec.id);
    await until(async () => (await runtime.get(spec.id))?.status === 'stopped');
    const exits = exitWatcher(runtime);
    expect(exits.seen).toEqual([expect.objectContaining({ id: spec.id, exitCode: 7 })]);
  });

  it('50 concurrent starts of /bin/true all exit 0', async () => {
    const specs = Array.from({ length: 50 }, () => taskSpec(dir.path, ['/bin/true']));
    const exits = exitWatcher(runtime);
    await Promise.all(specs.map((spec) => runtime.create(spec)));
    const started = await Promise.all(specs.map((spec) => runtime.start(spec.id)));
    expect(new Set(started.map(({ pid }) => pid)).size).toBe(50);
    const codes = await Promise.all(specs.map(async (spec) => (await exits.exitOf(spec.id)).exitCode));
    expect(codes).toEqual(Array.from({ length: 50 }, () => 0));
    expect((await runtime.list()).filter((task) => task.status === 'stopped')).toHaveLength(50);
  });

  it('a new runtime (berthd restarted) knows none of the tasks of the old one', async () => {
    const spec = taskSpec(dir.path, ['sleep', '30']);
    await runtime.create(spec);
    const { pid } = await runtime.start(spec.id);
    const after = new ProcessRuntime();
    expect(await after.get(spec.id)).toBeUndefined();
    expect(isProcessAlive(pid)).toBe(true);
    await after.close();
  });
});
