import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ContainerdClient } from './containerd-client';
import { containerdPaths, renderContainerdConfig, type ContainerdPaths } from './containerd-config';
import { requireContainerdBinaries } from './find-executable';
import { silentLogger, type RuntimeLogger } from './runtime-logger';

export interface ManagedContainerdOptions {
  /** berth's data dir; containerd gets <dataDir>/containerd (config, root, state, socket, log). */
  readonly dataDir: string;
  readonly logger?: RuntimeLogger;
  /** How long to wait for a (re)started containerd to answer Version (default 20 s). */
  readonly startTimeoutMs?: number;
  /** Restarts allowed within restartWindowMs before giving up (default 5 within 60 s). */
  readonly maxRestarts?: number;
  readonly restartWindowMs?: number;
  /** SIGTERM, then SIGKILL after this long (default 10 s). */
  readonly stopTimeoutMs?: number;
  /** PATH used to find containerd and runc (default process.env.PATH). */
  readonly path?: string;
}

export interface ManagedContainerd {
  /** The gRPC socket path. */
  readonly address: string;
  readonly paths: ContainerdPaths;
  /** The containerd process id (changes on restart). */
  readonly pid: number | undefined;
  /** How many times it was restarted after dying. */
  readonly restarts: number;
  /** Stop containerd (SIGTERM, then SIGKILL); running containers and their shims are left alone. */
  stop(): Promise<void>;
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A containerd left running by a previous berthd (crash): same binary and our config on its command line. */
function adoptablePid(paths: ContainerdPaths): number | undefined {
  if (!existsSync(paths.pidFile)) return undefined;
  const pid = Number.parseInt(readFileSync(paths.pidFile, 'utf8'), 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.includes(paths.config) ? pid : undefined;
  } catch {
    return undefined;
  }
}

class ManagedContainerdProcess implements ManagedContainerd {
  readonly address: string;
  pid: number | undefined;
  restarts = 0;
  private child: ChildProcess | undefined;
  private stopping = false;
  private restartTimes: number[] = [];
  private adoptedPoll: NodeJS.Timeout | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly paths: ContainerdPaths,
    private readonly binary: string,
    private readonly logger: RuntimeLogger,
    private readonly options: ManagedContainerdOptions,
  ) {
    this.address = paths.socket;
  }

  async start(): Promise<void> {
    const adopted = adoptablePid(this.paths);
    if (adopted !== undefined && (await this.answers(2_000))) {
      this.pid = adopted;
      this.logger.log(`containerd: reusing the running managed containerd (pid ${adopted}, ${this.address})`);
      this.watchAdopted(adopted);
      return;
    }
    await this.spawnAndWait();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.adoptedPoll);
    const pid = this.pid;
    if (pid === undefined || !isAlive(pid)) return;
    this.logger.log(`containerd: stopping (pid ${pid})`);
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + (this.options.stopTimeoutMs ?? 10_000);
    while (isAlive(pid) && Date.now() < deadline) await sleep(20);
    if (isAlive(pid)) {
      this.logger.warn(`containerd: still running after SIGTERM, sending SIGKILL (pid ${pid})`);
      process.kill(pid, 'SIGKILL');
    }
    await this.exited;
    while (isAlive(pid)) await sleep(10);
    rmSync(this.paths.pidFile, { force: true });
  }

  private async spawnAndWait(): Promise<void> {
    for (const socket of [this.paths.socket, this.paths.ttrpcSocket]) rmSync(socket, { force: true });
    const log = openSync(this.paths.logFile, 'a');
    let child: ChildProcess;
    try {
      // Its own process group: a terminal's Ctrl-C reaches berthd, which stops containerd in order.
      child = spawn(this.binary, ['--config', this.paths.config], { detached: true, stdio: ['ignore', log, log] });
    } finally {
      closeSync(log);
    }
    this.child = child;
    const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
    spawnError.catch(() => undefined); // also handled when it loses the race below
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.once('exit', (code, signal) => this.onExit(child, code, signal));
    child.unref();
    this.pid = child.pid;
    if (child.pid !== undefined) writeFileSync(this.paths.pidFile, `${child.pid}\n`);
    const timeoutMs = this.options.startTimeoutMs ?? 20_000;
    const ready = await Promise.race([this.answers(timeoutMs, child), spawnError]);
    if (!ready) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      throw new Error(`containerd did not answer within ${timeoutMs} ms (log: ${this.paths.logFile})${this.logTail()}`);
    }
    this.logger.log(`containerd: started (pid ${child.pid}, ${this.address})`);
  }

  /** Poll Version until it answers (true), the timeout passes or the child exits (false). */
  private async answers(timeoutMs: number, child?: ChildProcess): Promise<boolean> {
    const client = new ContainerdClient({ address: this.address });
    const deadline = Date.now() + timeoutMs;
    try {
      while (Date.now() < deadline) {
        if (child !== undefined && (child.exitCode !== null || child.signalCode !== null)) return false;
        try {
          await client.version(Math.max(100, Math.min(1_000, deadline - Date.now())));
          return true;
        } catch {
          await sleep(50);
        }
      }
      return false;
    } finally {
      client.close();
    }
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child || this.stopping) return;
    this.logger.warn(`containerd exited unexpectedly (${signal ?? `code ${code}`})${this.logTail()}`);
    void this.restart();
  }

  private watchAdopted(pid: number): void {
    this.adoptedPoll = setInterval(() => {
      if (this.stopping || isAlive(pid)) return;
      clearInterval(this.adoptedPoll);
      this.logger.warn(`containerd (pid ${pid}) exited unexpectedly`);
      void this.restart();
    }, 500);
    this.adoptedPoll.unref();
  }

  /** Restart with exponential backoff; give up after maxRestarts within the window. */
  private async restart(): Promise<void> {
    const now = Date.now();
    const window = this.options.restartWindowMs ?? 60_000;
    this.restartTimes = this.restartTimes.filter((t) => now - t < window);
    const maxRestarts = this.options.maxRestarts ?? 5;
    if (this.restartTimes.length >= maxRestarts) {
      this.logger.error(`containerd died ${maxRestarts} times within ${window} ms: not restarting it again (log: ${this.paths.logFile})`);
      this.pid = undefined;
      return;
    }
    await sleep(Math.min(5_000, 100 * 2 ** this.restartTimes.length));
    this.restartTimes.push(Date.now());
    if (this.stopping) return;
    this.restarts += 1;
    try {
      await this.spawnAndWait();
    } catch (error: unknown) {
      this.logger.error(`containerd restart failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!this.stopping) void this.restart();
    }
  }

  private logTail(): string {
    try {
      const lines = readFileSync(this.paths.logFile, 'utf8').trimEnd().split('\n').slice(-5);
      return `\n${lines.join('\n')}`;
    } catch {
      return '';
    }
  }
}

/**
 * Start a private containerd as berthd's child, as dockerd does: config, root, state and socket
 * under <dataDir>/containerd; resolves once it answers Version. It is restarted (with backoff,
 * bounded) if it dies. A containerd left running by a previous berthd is reused.
 * Throws a clear error when containerd or runc is not installed.
 */
export async function startManagedContainerd(options: ManagedContainerdOptions): Promise<ManagedContainerd> {
  const binaries = requireContainerdBinaries(options.path);
  const paths = containerdPaths(options.dataDir);
  for (const dir of [paths.base, paths.root, paths.state, paths.opt, paths.runcRoot]) mkdirSync(dir, { recursive: true, mode: 0o711 });
  writeFileSync(paths.config, renderContainerdConfig(paths));
  const managed = new ManagedContainerdProcess(paths, binaries.containerd, options.logger ?? silentLogger, options);
  await managed.start();
  return managed;
}
