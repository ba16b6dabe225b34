import type { ClientReadableStream } from '@grpc/grpc-js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TaskExit } from '../runtime.port';
import { anyTypeName, decodeTaskExit, decodeTaskOom, TASK_EXIT_TYPE, TASK_OOM_TYPE } from './any-codec';
import type { ContainerdClient } from './containerd-client';
import type { Envelope__Output } from './generated/containerd/services/events/v1/Envelope';
import type { Process__Output } from './generated/containerd/v1/types/Process';
import { isNotFound } from './grpc-errors';
import type { RuntimeLogger } from './runtime-logger';
import { taskId } from './task-info';
import { timestampToRfc3339 } from './timestamp';

export interface ExitMonitorOptions {
  readonly client: ContainerdClient;
  readonly logger: RuntimeLogger;
  /** Awaited before an exit is delivered (the runtime lets the task's output reach its log). */
  readonly beforeDeliver: (id: string) => Promise<void>;
  /** Called with containerd's task list after each (re)subscription (the runtime re-attaches logs). */
  readonly onReconciled: (tasks: Process__Output[]) => Promise<void>;
  /** How long an exit seen by Wait waits for the event stream's copy (which carries OOM) (default 250 ms). */
  readonly waitGraceMs?: number;
}

interface ObservedExit {
  readonly id: string;
  readonly pid: number;
  readonly exitCode: number;
  readonly exitedAt: string | undefined;
}

const MAX_BACKOFF_MS = 2_000;
const FORGET_AFTER_MS = 60_000;

/**
 * Turns containerd's task exits into exactly one TaskExit per task process, from three sources:
 *  - the `/tasks/exit` (and `/tasks/oom`) event stream of the namespace — the fast path;
 *  - a tasks.Wait per started task (issued before Start; it answers even after the exit);
 *  - after every (re)subscription, tasks.List: stopped tasks are delivered, running ones get a Wait
 *    (Subscribe does not replay what happened while the stream was down or berthd was not running).
 * The stream is resubscribed with backoff after any error. Deliveries are deduplicated by (id, pid).
 */
export class ExitMonitor {
  private handler: ((exit: TaskExit) => void) | undefined;
  private readonly queued: TaskExit[] = [];
  private readonly delivered = new Map<string, number>();
  private readonly forgotten = new Map<string, number>();
  private readonly oom = new Set<string>();
  private readonly waits = new Map<string, AbortController>();
  private stream: ClientReadableStream<Envelope__Output> | undefined;
  private streamHealthy = false;
  private backoffMs = 100;
  private closed = false;
  private resubscribeTimer: NodeJS.Timeout | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private firstReconcile: { resolve: () => void; promise: Promise<void> };

  constructor(private readonly options: ExitMonitorOptions) {
    let resolve: () => void = () => undefined;
    const promise = new Promise<void>((r) => (resolve = r));
    this.firstReconcile = { resolve, promise };
  }

  /** Subscribe; resolves after the first reconciliation with tasks.List (or its first failure is retried). */
  async start(timeoutMs = 30_000): Promise<void> {
    this.subscribe();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`containerd events: no subscription within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.firstReconcile.promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  onExit(handler: (exit: TaskExit) => void): void {
    if (this.handler !== undefined) throw new Error('an exit handler is already registered');
    this.handler = handler;
    for (const exit of this.queued.splice(0)) handler(exit);
  }

  /** Start a tasks.Wait for this task (idempotent). */
  watch(id: string, pid: number): void {
    if (this.closed || this.waits.has(id)) return;
    const abort = new AbortController();
    this.waits.set(id, abort);
    this.options.client.waitTask(id, abort.signal).then(
      (response) => {
        if (this.waits.get(id) !== abort) return;
        this.waits.delete(id);
        void this.observe({ id, pid, exitCode: response.exit_status, exitedAt: timestampToRfc3339(response.exited_at) }, 'wait');
      },
      (error: unknown) => {
        if (this.waits.get(id) !== abort) return;
        this.waits.delete(id);
        if (abort.signal.aborted || isNotFound(error) || this.closed) return;
        // containerd went away: the stream breaks too and the next reconciliation waits again.
        if (this.streamHealthy) this.scheduleReconcile();
      },
    );
  }

  unwatch(id: string): void {
    this.waits.get(id)?.abort();
    this.waits.delete(id);
  }

  /** A new task of this id is being created: forget what was known about the previous one. */
  reset(id: string): void {
    this.delivered.delete(id);
    this.forgotten.delete(id);
    this.oom.delete(id);
  }

  /** The task (id, pid) is being deleted without an exit to report (never started): drop its exit. */
  forget(id: string, pid: number): void {
    this.unwatch(id);
    this.forgotten.set(id, pid);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.forgotten.get(id) === pid) this.forgotten.delete(id);
    }, FORGET_AFTER_MS);
    timer.unref();
    this.timers.add(timer);
  }

  /** Report a stopped task's exit now (delete found it stopped); a no-op when already delivered. */
  async deliverStopped(task: Process__Output): Promise<void> {
    await this.observe(exitOf(task), 'reconcile');
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.resubscribeTimer);
    for (const timer of this.timers) clearTimeout(timer);
    this.stream?.cancel();
    for (const abort of this.waits.values()) abort.abort();
    this.waits.clear();
  }

  private subscribe(): void {
    if (this.closed) return;
    const ns = this.options.client.namespace;
    const stream = this.options.client.subscribe([
      `namespace==${JSON.stringify(ns)},topic=="/tasks/exit"`,
      `namespace==${JSON.stringify(ns)},topic=="/tasks/oom"`,
    ]);
    this.stream = stream;
    this.streamHealthy = false;
    stream.on('data', (envelope: Envelope__Output) => this.onEnvelope(envelope));
    stream.on('error', () => undefined); // the status event below handles every ending
    stream.on('status', () => this.onStreamEnded(stream));
    void this.reconcile(stream);
  }

  private onStreamEnded(stream: ClientReadableStream<Envelope__Output>): void {
    if (this.stream !== stream || this.closed) return;
    this.stream = undefined;
    this.streamHealthy = false;
    this.options.logger.warn(`containerd events stream ended: resubscribing in ${this.backoffMs} ms`);
    clearTimeout(this.resubscribeTimer);
    this.resubscribeTimer = setTimeout(() => this.subscribe(), this.backoffMs);
    this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs * 2);
  }

  private scheduleReconcile(): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.stream !== undefined) void this.reconcile(this.stream);
    }, 1_000);
    this.timers.add(timer);
  }

  /** tasks.List after subscribing: deliver exits that happened unseen, Wait on running tasks. */
  private async reconcile(stream: ClientReadableStream<Envelope__Output>): Promise<void> {
    let tasks: Process__Output[];
    try {
      tasks = await this.options.client.listTasks();
    } catch (error: unknown) {
      if (this.stream === stream && !this.closed) {
        this.options.logger.warn(`containerd tasks.List failed after subscribing: ${String(error)}`);
        stream.cancel(); // → status → resubscribe with backoff
      }
      return;
    }
    if (this.stream !== stream || this.closed) return;
    this.streamHealthy = true;
    this.backoffMs = 100;
    for (const task of tasks) {
      if (task.status === 'STOPPED') void this.observe(exitOf(task), 'reconcile');
      else if (task.status === 'RUNNING' || task.status === 'PAUSED' || task.status === 'PAUSING') this.watch(taskId(task), task.pid);
    }
    try {
      await this.options.onReconciled(tasks);
    } catch (error: unknown) {
      this.options.logger.warn(`containerd reconciliation: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.firstReconcile.resolve();
  }

  private onEnvelope(envelope: Envelope__Output): void {
    this.streamHealthy = true;
    const event = envelope.event;
    if (event === null) return;
    try {
      const type = anyTypeName(event.type_url);
      if (type === TASK_OOM_TYPE) {
        this.oom.add(decodeTaskOom(event).container_id);
      } else if (type === TASK_EXIT_TYPE) {
        const exit = decodeTaskExit(event);
        if (exit.id !== exit.container_id) return; // an exec'd process, not the task
        void this.observe(
          { id: exit.container_id, pid: exit.pid, exitCode: exit.exit_status, exitedAt: timestampToRfc3339(exit.exited_at) },
          'event',
        );
      }
    } catch (error: unknown) {
      this.options.logger.warn(`containerd event ${envelope.topic} not decoded: ${String(error)}`);
    }
  }

  private isDone(id: string, pid: number): boolean {
    return this.delivered.get(id) === pid || this.forgotten.get(id) === pid;
  }

  private async observe(exit: ObservedExit, source: 'event' | 'wait' | 'reconcile'): Promise<void> {
    if (this.isDone(exit.id, exit.pid)) return;
    // The event stream also carries OOM (sent before the exit): give it a moment to win.
    if (source === 'wait' && this.streamHealthy) await sleep(this.options.waitGraceMs ?? 250);
    if (this.isDone(exit.id, exit.pid) || this.closed) return;
    this.delivered.set(exit.id, exit.pid);
    this.unwatch(exit.id);
    const oomKilled = this.oom.delete(exit.id);
    try {
      await this.options.beforeDeliver(exit.id);
    } catch {
      // the exit matters more than the tail of its log
    }
    const taskExit: TaskExit = {
      id: exit.id,
      pid: exit.pid,
      exitCode: exit.exitCode,
      exitedAt: exit.exitedAt ?? new Date().toISOString(),
      oomKilled,
    };
    if (this.handler === undefined) {
      this.queued.push(taskExit);
      return;
    }
    try {
      this.handler(taskExit);
    } catch (error: unknown) {
      this.options.logger.error(`exit handler failed for ${exit.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function exitOf(task: Process__Output): ObservedExit {
  return { id: taskId(task), pid: task.pid, exitCode: task.exit_status, exitedAt: timestampToRfc3339(task.exited_at) };
}
