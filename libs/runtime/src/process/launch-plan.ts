import type { TaskSpec } from '../runtime.port';
import { RuntimeCallError } from '../runtime.port';
import { pathFromEnv, resolveExecutable } from './resolve-executable';
import { resolveWorkingDir } from './working-dir';

/** Everything needed to spawn a task's process, checked up front (at create, as runc does). */
export interface LaunchPlan {
  /** Absolute host path of the executable. */
  readonly file: string;
  /** argv[0] as the spec gives it. */
  readonly argv0: string;
  readonly args: readonly string[];
  /** Host directory the process runs in. */
  readonly cwd: string;
  /** Exactly the spec's env (no host variables leak in); the last of duplicate names wins. */
  readonly env: Readonly<Record<string, string>>;
  readonly logPath: string;
}

function envRecord(env: readonly string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const entry of env) {
    const eq = entry.indexOf('=');
    if (eq > 0) record[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return record;
}

/** Validate a spec the way runc create would and resolve it to host paths. */
export async function planLaunch(spec: TaskSpec): Promise<LaunchPlan> {
  const [argv0, ...args] = spec.process.args;
  if (argv0 === undefined) throw new RuntimeCallError('args must not be empty', 'invalid');
  if (spec.logPath === '') throw new RuntimeCallError('logPath must not be empty', 'invalid');
  const cwd = await resolveWorkingDir(spec.rootfs, spec.process.cwd);
  const file = await resolveExecutable(argv0, cwd, pathFromEnv(spec.process.env));
  return { file, argv0, args, cwd, env: envRecord(spec.process.env), logPath: spec.logPath };
}
