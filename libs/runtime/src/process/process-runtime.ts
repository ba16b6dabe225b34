import { RuntimeCallError, type Runtime, type TaskExit, type TaskInfo, type TaskSpec } from '../runtime.port';
import { planLaunch } from './launch-plan';
import { ProcessTask } from './process-task';
import { errnoCode } from './errno-text';
import { signalGroup, spawnTask, type SpawnedProcess } from './spawn-task';

export interface ProcessRuntimeOptions {
  /** On close(), SIGKILL every still-running task (its whole process group) and wait for it. For tests. */
  readonly killOnClose?: boolean;
  /**
   * After a task's main process exited, how long to wait for its stdout/stderr to reach EOF
   * (something outside its process group may still hold them) before cutting them. Default 2000 ms.
   */
  readonly outputDrainTimeoutMs?: number;
}

/**
 * The `process` runtime: runs a container as a plain HOST process. NO ISOLATION — no namespaces,
 * no chroot, no cgroups, no user switch, mounts/network/hostname/readonly rootfs/shm size ignored.
 * For development and fast tests only. It logs and prints nothing itself (berthd warns).
 *
 * - create() validates like runc create (rootfs, cwd, executable on the HOST: a name with '/' is a
 *   host path, relative to the working dir; others are looked up in the spec env's PATH, default
 *   Docker's) and remembers the spec; failures reject with runc's text (see resolveExecutable).
 *   Idempotent: an existing task of the same id is kept as it is.
 * - Working dir: spec cwd '/' → the rootfs directory; an existing host dir → itself; otherwise
 *   created under the rootfs (see resolveWorkingDir). Env: exactly the spec's.
 * - start() spawns it detached in its own process group; stdout/stderr go to spec.logPath in
 *   Docker's json-file format (file and directory created at the first line; a task that prints
 *   nothing leaves no file). Exit code: the process's own, or 128 + signal (SIGKILL → 137). The
 *   exit is delivered once the output is in the log.
 * - pause/resume send SIGSTOP/SIGCONT to the task's process group; kill signals the main process.
 * - Tasks live in this object only: a new ProcessRuntime (berthd restarted) knows none of them —
 *   get() says undefined, so reconciliation records the container as exited. Processes left behind
 *   keep running until they exit (or write to their broken output pipe); see isProcessAlive.
 * - A shebang-less executable text file runs under /bin/sh (libuv's execvp fallback), where runc
 *   starts it and exits 1.
 */
export class ProcessRuntime implements Runtime {
  readonly name = 'process';
  /** This runtime provides no isolation whatsoever. */
  readonly isolated = false;

  private readonly tasks = new Map<string, ProcessTask>();
  private handler: ((exit: TaskExit) => void) | undefined;
  private undelivered: TaskExit[] = [];
  private closed = false;
  private readonly killOnClose: boolean;
  private readonly outputDrainTimeoutMs: number;

  constructor(options: ProcessRuntimeOptions = {}) {
    this.killOnClose = options.killOnClose ?? false;
    this.outputDrainTimeoutMs = options.outputDrainTimeoutMs ?? 2000;
  }

  async create(spec: TaskSpec): Promise<void> {
    this.assertOpen();
    if (this.tasks.has(spec.id)) return;
    const plan = await planLaunch(spec);
    if (!this.tasks.has(spec.id)) this.tasks.set(spec.id, new ProcessTask(spec, plan));
  }

  async start(id: string): Promise<{ pid: number }> {
    this.assertOpen();
    const task = this.task(id);
    if (task.phase !== 'created')
      throw new RuntimeCallError(`task ${id}: cannot start a task that is ${task.info().status}`, 'invalid');
    task.phase = 'starting';
    let spawned: SpawnedProcess;
    try {
      spawned = await spawnTask(task.plan, this.outputDrainTimeoutMs);
    } catch (error: unknown) {
      task.phase = 'created';
      throw error;
    }
    task.phase = 'running';
    task.pid = spawned.pid;
    task.child = spawned.child;
    task.stopped = spawned.ended.then((end) => {
      task.phase = 'stopped';
      task.paused = false;
      task.end = end;
      task.child = undefined;
      if (!this.closed) this.deliver(task.exit(end));
    });
    return { pid: spawned.pid };
  }

  async kill(id: string, signal: number): Promise<void> {
    const task = this.task(id);
    if (task.phase === 'stopped')
      throw new RuntimeCallError('process already finished: not found', 'not_found');
    if (task.phase !== 'running') throw new RuntimeCallError(`task ${id} is not started`, 'invalid');
    try {
      process.kill(task.pid, signal);
    } catch (error: unknown) {
      if (errnoCode(error) === 'ESRCH') {
        throw new RuntimeCallError('process already finished: not found', 'not_found');
      }
      throw new RuntimeCallError(`kill ${task.pid} with signal ${signal}: ${String(error)}`, 'invalid');
    }
  }

  async pause(id: string): Promise<void> {
    const task = this.runningTask(id, 'pause');
    if (task.paused) return;
    signalGroup(task.pid, 'SIGSTOP');
    task.paused = true;
  }

  async resume(id: string): Promise<void> {
    const task = this.runningTask(id, 'resume');
    if (!task.paused) return;
    signalGroup(task.pid, 'SIGCONT');
    task.paused = false;
  }

  async delete(id: string): Promise<{ exitCode?: number }> {
    const task = this.tasks.get(id);
    if (task === undefined) return {};
    if (task.phase === 'starting' || task.phase === 'running') {
      throw new RuntimeCallError(
        `task must be stopped before deletion: ${task.info().status}: failed precondition`,
        'invalid',
      );
    }
    this.tasks.delete(id);
    return task.end === undefined ? {} : { exitCode: task.end.exitCode };
  }

  async get(id: string): Promise<TaskInfo | undefined> {
    return this.tasks.get(id)?.info();
  }

  async list(): Promise<TaskInfo[]> {
    return [...this.tasks.values()].map((task) => task.info());
  }

  onExit(handler: (exit: TaskExit) => void): void {
    if (this.handler !== undefined) throw new Error('ProcessRuntime: an exit handler is already registered');
    this.handler = handler;
    const backlog = this.undelivered;
    this.undelivered = [];
    for (const exit of backlog) handler(exit);
  }

  /**
   * Stop delivering exits. Running tasks keep running (containerd keeps tasks across daemon
   * restarts; here they are orphaned) and no longer hold the event loop open — unless
   * `killOnClose`, which SIGKILLs their process groups and waits until they are gone.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const live = [...this.tasks.values()].filter((task) => task.phase === 'running');
    if (this.killOnClose) {
      for (const task of live) signalGroup(task.pid, 'SIGKILL');
      await Promise.all(live.map((task) => task.stopped));
      return;
    }
    for (const task of live) {
      task.child?.unref();
      for (const stream of [task.child?.stdout, task.child?.stderr]) {
        if (stream && 'unref' in stream && typeof stream.unref === 'function') stream.unref();
      }
    }
  }

  private deliver(exit: TaskExit): void {
    if (this.handler === undefined) this.undelivered.push(exit);
    else this.handler(exit);
  }

  private task(id: string): ProcessTask {
    const task = this.tasks.get(id);
    if (task === undefined) throw new RuntimeCallError(`task ${id} not found: not found`, 'not_found');
    return task;
  }

  private runningTask(id: string, action: string): ProcessTask {
    const task = this.task(id);
    if (task.phase !== 'running') {
      throw new RuntimeCallError(
        `task ${id}: cannot ${action} a task that is ${task.info().status}`,
        'invalid',
      );
    }
    return task;
  }

  private assertOpen(): void {
    if (this.closed) throw new RuntimeCallError('process runtime is closed', 'unknown');
  }
}
