import type { Runtime, TaskExit, TaskInfo, TaskSpec } from '../runtime.port';
import { ociSpecAny, runcOptionsAny } from './any-codec';
import type { ContainerdClient } from './containerd-client';
import { ExitMonitor } from './exit-monitor';
import type { Process__Output } from './generated/containerd/v1/types/Process';
import { isAlreadyExists, isNotFound, toRuntimeCallError } from './grpc-errors';
import { FifoLogCopier } from './log/fifo-log-copier';
import { removeStdioFifos, StdioFifoFactory, stdioFifos, stdioFifosExist, type StdioFifos } from './log/stdio-fifos';
import { buildOciSpec } from './oci/build-oci-spec';
import type { OciSpec } from './oci/oci-spec';
import { silentLogger, type RuntimeLogger } from './runtime-logger';
import { taskId, taskInfo } from './task-info';

export const RUNC_V2_RUNTIME = 'io.containerd.runc.v2';
/** Container labels that let a restarted berthd find a running task's log again. */
export const LOG_PATH_LABEL = 'berth.log-path';
export const TERMINAL_LABEL = 'berth.terminal';

export interface ContainerdRuntimeOptions {
  /** Owned by the runtime from now on: close() closes it. Its namespace is the runtime's. */
  readonly client: ContainerdClient;
  /** Where per-task stdio FIFOs live (<fifoDir>/<id>/{stdout,stderr}), e.g. <dataDir>/runtime/fifo. */
  readonly fifoDir: string;
  /** runc's state root, sent in the runc shim options (the managed containerd gives <dataDir>/containerd/runc). */
  readonly runcRoot?: string;
  readonly logger?: RuntimeLogger;
  /** How long an exit waits for the task's output to reach its log before it is reported (default 2 s, as dockerd). */
  readonly logDrainTimeoutMs?: number;
  readonly nofile?: { readonly soft: number; readonly hard: number };
}

const SIGKILL = 9;
const ALIVE = new Set(['RUNNING', 'PAUSED', 'PAUSING']);
const ACTIVE = new Set(['CREATED', ...ALIVE]);

async function orUndefinedIfNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error: unknown) {
    if (isNotFound(error)) return undefined;
    throw toRuntimeCallError(error);
  }
}

async function ignoreNotFound(call: Promise<unknown>): Promise<void> {
  await orUndefinedIfNotFound(call);
}

/**
 * The Runtime port over containerd 1.6 (gRPC): a container record (OCI spec as JSON in an Any,
 * runtime io.containerd.runc.v2) plus its task; stdout/stderr through FIFOs into a json-file log;
 * exits from the event stream, tasks.Wait and reconciliation (see ExitMonitor).
 */
export class ContainerdRuntime implements Runtime {
  readonly name = 'containerd';
  private readonly client: ContainerdClient;
  private readonly logger: RuntimeLogger;
  private readonly copiers = new Map<string, FifoLogCopier>();
  /** Pids known from tasks.Create, so start() can Wait before Start without a Get. */
  private readonly createdPids = new Map<string, number>();
  private readonly exits: ExitMonitor;
  private readonly fifoFactory: StdioFifoFactory;

  private constructor(private readonly options: ContainerdRuntimeOptions) {
    this.client = options.client;
    this.logger = options.logger ?? silentLogger;
    this.fifoFactory = new StdioFifoFactory(options.fifoDir);
    this.exits = new ExitMonitor({
      client: this.client,
      logger: this.logger,
      beforeDeliver: (id) => this.drainLog(id),
      onReconciled: (tasks) => this.reattachLogs(tasks),
    });
  }

  /** Subscribe to exits and reconcile with containerd (re-attaching the logs of running tasks). */
  static async open(options: ContainerdRuntimeOptions): Promise<ContainerdRuntime> {
    const runtime = new ContainerdRuntime(options);
    try {
      await runtime.fifoFactory.init();
      await runtime.exits.start();
    } catch (error: unknown) {
      await runtime.close();
      throw error;
    }
    return runtime;
  }

  get namespace(): string {
    return this.client.namespace;
  }

  async create(spec: TaskSpec): Promise<void> {
    const ociSpec = await this.specUnlessTaskExists(spec);
    if (ociSpec === undefined) return;
    const fifos = stdioFifos(this.options.fifoDir, spec.id);
    const copier = await this.prepare(spec, ociSpec, fifos);
    this.exits.reset(spec.id);
    this.copiers.get(spec.id)?.close().catch(() => undefined);
    this.copiers.set(spec.id, copier);
    try {
      const { pid } = await this.client.createTask({
        container_id: spec.id,
        stdin: '',
        stdout: fifos.stdout,
        stderr: spec.process.terminal ? '' : fifos.stderr,
        terminal: spec.process.terminal,
      });
      this.createdPids.set(spec.id, pid);
    } catch (error: unknown) {
      if (isAlreadyExists(error)) return; // created concurrently: kept
      this.copiers.delete(spec.id);
      // The task does not exist but the record does: remove it (and the pipes) so nothing leaks.
      await this.undoPrepare(spec.id, fifos, copier, true);
      throw toRuntimeCallError(error);
    }
  }

  async start(id: string): Promise<{ pid: number }> {
    const pid = this.createdPids.get(id) ?? (await this.call(this.client.getTask(id))).pid;
    this.exits.watch(id, pid); // Wait before Start: the exit cannot be missed
    try {
      const started = await this.client.startTask(id);
      this.createdPids.delete(id);
      return started;
    } catch (error: unknown) {
      this.exits.unwatch(id);
      throw toRuntimeCallError(error);
    }
  }

  async kill(id: string, signal: number): Promise<void> {
    await this.call(this.client.killTask(id, signal));
  }

  async pause(id: string): Promise<void> {
    await this.call(this.client.pauseTask(id));
  }

  async resume(id: string): Promise<void> {
    await this.call(this.client.resumeTask(id));
  }

  async delete(id: string): Promise<{ exitCode?: number }> {
    const task = await orUndefinedIfNotFound(this.client.getTask(id));
    let exitCode: number | undefined;
    if (task !== undefined) {
      // A stopped task's exit is reported before its record goes; a never-started one has none.
      if (task.status === 'STOPPED') await this.exits.deliverStopped(task);
      if (!ALIVE.has(task.status)) this.exits.forget(id, task.pid);
      // Without this kill the shim waits 2 s for a never-started init's stdio before deleting it.
      if (task.status === 'CREATED') await this.client.killTask(id, SIGKILL).catch(() => undefined);
      const deleted = await orUndefinedIfNotFound(this.client.deleteTask(id)); // a live task: containerd's error
      if (task.status === 'STOPPED') exitCode = deleted?.exit_status ?? task.exit_status;
    }
    this.createdPids.delete(id);
    const copier = this.copiers.get(id);
    this.copiers.delete(id);
    await copier?.finish(200);
    await removeStdioFifos(stdioFifos(this.options.fifoDir, id)).catch(() => undefined);
    await ignoreNotFound(this.client.deleteContainer(id));
    return exitCode === undefined ? {} : { exitCode };
  }

  async get(id: string): Promise<TaskInfo | undefined> {
    const task = await orUndefinedIfNotFound(this.client.getTask(id));
    return task === undefined ? undefined : taskInfo(task);
  }

  async list(): Promise<TaskInfo[]> {
    return (await this.call(this.client.listTasks())).map(taskInfo);
  }

  onExit(handler: (exit: TaskExit) => void): void {
    this.exits.onExit(handler);
  }

  /** Stop watching and copying (running tasks keep running; their output waits in the pipes). */
  async close(): Promise<void> {
    this.exits.close();
    const copiers = [...this.copiers.values()];
    this.copiers.clear();
    await Promise.all(copiers.map((copier) => copier.close()));
    this.client.close();
  }

  private async call<T>(promise: Promise<T>): Promise<T> {
    try {
      return await promise;
    } catch (error: unknown) {
      throw toRuntimeCallError(error);
    }
  }

  /** The OCI spec, or undefined when the task exists already (create is idempotent: it is kept). */
  private async specUnlessTaskExists(spec: TaskSpec): Promise<OciSpec | undefined> {
    const [existing, built] = await Promise.allSettled([
      orUndefinedIfNotFound(this.client.getTask(spec.id)),
      buildOciSpec(spec, { namespace: this.client.namespace, nofile: this.options.nofile }),
    ]);
    if (existing.status === 'rejected') throw existing.reason;
    if (existing.value !== undefined) {
      await this.attachLog(spec.id, spec.logPath, spec.process.terminal);
      return undefined;
    }
    if (built.status === 'rejected') throw toRuntimeCallError(built.reason);
    return built.value;
  }

  /** The container record and the log pipes, side by side; on failure neither is left behind. */
  private async prepare(spec: TaskSpec, ociSpec: OciSpec, fifos: StdioFifos): Promise<FifoLogCopier> {
    const [record, copier] = await Promise.allSettled([this.createRecord(spec, ociSpec), this.openLog(fifos, spec)]);
    if (record.status === 'fulfilled' && copier.status === 'fulfilled') return copier.value;
    await this.undoPrepare(
      spec.id,
      fifos,
      copier.status === 'fulfilled' ? copier.value : undefined,
      record.status === 'fulfilled' && record.value,
    );
    throw toRuntimeCallError(record.status === 'rejected' ? record.reason : (copier as PromiseRejectedResult).reason);
  }

  private async undoPrepare(id: string, fifos: StdioFifos, copier: FifoLogCopier | undefined, deleteRecord: boolean): Promise<void> {
    await copier?.close();
    await removeStdioFifos(fifos).catch(() => undefined);
    if (!deleteRecord) return;
    await ignoreNotFound(this.client.deleteContainer(id)).catch((error: unknown) => {
      this.logger.warn(`containerd: container ${id} left behind after a failed create: ${String(error)}`);
    });
  }

  /** containers.Create; an existing record of that id is kept. Resolves true when this call created it. */
  private async createRecord(spec: TaskSpec, ociSpec: OciSpec): Promise<boolean> {
    try {
      await this.client.createContainer({
        id: spec.id,
        labels: { [LOG_PATH_LABEL]: spec.logPath, ...(spec.process.terminal ? { [TERMINAL_LABEL]: 'true' } : {}) },
        runtime: {
          name: RUNC_V2_RUNTIME,
          ...(this.options.runcRoot !== undefined ? { options: runcOptionsAny({ root: this.options.runcRoot }) } : {}),
        },
        spec: ociSpecAny(ociSpec),
      });
      return true;
    } catch (error: unknown) {
      if (isAlreadyExists(error)) return false;
      throw error;
    }
  }

  private async openLog(fifos: StdioFifos, spec: TaskSpec): Promise<FifoLogCopier> {
    await this.fifoFactory.create(fifos);
    return FifoLogCopier.open(fifos, spec.logPath, spec.process.terminal);
  }

  /** Copy an existing task's FIFOs into its log again (after a berthd restart), unless already copying. */
  private async attachLog(id: string, logPath: string, terminal: boolean): Promise<void> {
    if (this.copiers.has(id)) return;
    const fifos = stdioFifos(this.options.fifoDir, id);
    if (!(await stdioFifosExist(fifos))) return;
    const copier = await FifoLogCopier.open(fifos, logPath, terminal);
    if (this.copiers.has(id)) {
      await copier.close();
      return;
    }
    this.copiers.set(id, copier);
  }

  private async reattachLogs(tasks: Process__Output[]): Promise<void> {
    for (const task of tasks) {
      const id = taskId(task);
      if (!ACTIVE.has(task.status) || this.copiers.has(id)) continue;
      const container = await orUndefinedIfNotFound(this.client.getContainer(id));
      const logPath = container?.labels[LOG_PATH_LABEL];
      if (logPath === undefined) continue;
      await this.attachLog(id, logPath, container?.labels[TERMINAL_LABEL] === 'true');
      this.logger.log(`containerd: re-attached the log of task ${id}`);
    }
  }

  /** Before an exit is reported: let the task's output reach its log (bounded, as dockerd does). */
  private async drainLog(id: string): Promise<void> {
    const copier = this.copiers.get(id);
    if (copier === undefined) return;
    await copier.finish(this.options.logDrainTimeoutMs ?? 2_000);
    if (this.copiers.get(id) === copier) this.copiers.delete(id);
  }
}
