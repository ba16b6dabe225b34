import { spawn, type ChildProcess } from 'node:child_process';
import { RuntimeCallError } from '../runtime.port';
import { errnoCode, errnoText } from './errno-text';
import { exitCodeOf } from './exit-code';
import { JsonFileLog } from './json-file-log';
import type { LaunchPlan } from './launch-plan';
import { rfc3339Nano } from './rfc3339-nano';

export interface ProcessEnd {
  readonly exitCode: number;
  readonly exitedAt: string;
}

export interface SpawnedProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Settles once the process exited AND its output is in the log file (the log is closed). */
  readonly ended: Promise<ProcessEnd>;
}

/** Send a signal to a whole process group; a group that is already gone is fine. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: nobody left in the group
  }
}

function spawnError(argv0: string, error: unknown): RuntimeCallError {
  const code = errnoCode(error);
  if (code === 'ENOENT')
    return new RuntimeCallError(`exec: ${JSON.stringify(argv0)}: stat ${argv0}: ${errnoText(error)}`);
  return new RuntimeCallError(`exec: ${JSON.stringify(argv0)}: ${errnoText(error)}`);
}

/**
 * Spawn a planned process detached, in its own process group (pgid = pid), so that a SIGKILL of
 * berthd's group does not take it along. stdin is /dev/null; stdout and stderr go to the json-file
 * log. When the main process exits the rest of its group is SIGKILLed — as the kernel does to a
 * container's pid namespace when its init dies — and its output pipes are cut after
 * `drainTimeoutMs` if something outside the group still holds them.
 */
export async function spawnTask(plan: LaunchPlan, drainTimeoutMs: number): Promise<SpawnedProcess> {
  const log = new JsonFileLog(plan.logPath);
  let child: ChildProcess;
  try {
    child = spawn(plan.file, plan.args, {
      argv0: plan.argv0,
      cwd: plan.cwd,
      env: plan.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error: unknown) {
    await log.close().catch(() => undefined);
    throw new RuntimeCallError(`exec: ${JSON.stringify(plan.argv0)}: ${errnoText(error)}`, 'invalid');
  }
  const pid = child.pid;
  if (pid === undefined) {
    const error = await new Promise<unknown>((resolve) => child.once('error', resolve));
    await log.close().catch(() => undefined);
    throw spawnError(plan.argv0, error);
  }
  child.on('error', () => undefined); // later errors (none expected) must not crash berthd
  child.stdout?.on('data', (chunk: Buffer) => log.write('stdout', chunk));
  child.stderr?.on('data', (chunk: Buffer) => log.write('stderr', chunk));

  const ended = new Promise<ProcessEnd>((resolve) => {
    let end: ProcessEnd = { exitCode: 128, exitedAt: rfc3339Nano() };
    let drainTimer: NodeJS.Timeout | undefined;
    child.once('exit', (code, signal) => {
      end = { exitCode: exitCodeOf(code, signal), exitedAt: rfc3339Nano() };
      signalGroup(pid, 'SIGKILL');
      drainTimer = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
      }, drainTimeoutMs);
      drainTimer.unref();
    });
    child.once('close', () => {
      clearTimeout(drainTimer);
      void log.close().then(
        () => resolve(end),
        () => resolve(end),
      );
    });
  });
  return { pid, child, ended };
}
