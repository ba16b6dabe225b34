import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { RuntimeCallError } from '../runtime.port';
import { errnoText } from './errno-text';

/** Docker's default PATH, used when the spec's env has none. */
export const DOCKER_DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The `exec: "<name>": <reason>` error Go's exec.LookPath gives inside runc. */
function execError(name: string, reason: string): RuntimeCallError {
  return new RuntimeCallError(`exec: ${JSON.stringify(name)}: ${reason}`);
}

/** Go's findExecutable: a regular (non-directory) file the caller may execute. */
async function checkExecutable(path: string): Promise<'ok' | 'not-executable'> {
  const info = await stat(path);
  if (info.isDirectory()) return 'not-executable';
  try {
    await access(path, constants.X_OK);
    return 'ok';
  } catch {
    return 'not-executable';
  }
}

/**
 * Resolve a process's args[0] to the host file to run, as runc does with Go's exec.LookPath — but
 * on the HOST (the process runtime has no chroot): a name containing '/' is used as given (relative
 * to `cwd`); any other name is looked up in `pathEnv` (empty entries mean `cwd`).
 *
 * Rejects with RuntimeCallError carrying runc's text, which the domain maps to 127 / 126:
 * - `exec: "/bin/nope": stat /bin/nope: no such file or directory`
 * - `exec: "nope": executable file not found in $PATH`
 * - `exec: "/etc/passwd": permission denied` (not executable, or a directory)
 */
export async function resolveExecutable(name: string, cwd: string, pathEnv: string): Promise<string> {
  if (name.includes('/')) {
    const file = resolve(cwd, name);
    let verdict: 'ok' | 'not-executable';
    try {
      verdict = await checkExecutable(file);
    } catch (error: unknown) {
      throw execError(name, `stat ${name}: ${errnoText(error)}`);
    }
    if (verdict === 'not-executable') throw execError(name, 'permission denied');
    return file;
  }
  for (const dir of pathEnv.split(':')) {
    const file = resolve(cwd, join(dir === '' ? '.' : dir, name));
    try {
      if ((await checkExecutable(file)) === 'ok') return file;
    } catch {
      // not in this directory
    }
  }
  throw execError(name, 'executable file not found in $PATH');
}

/** The PATH a process's own env gives it (the last PATH= entry), else Docker's default. */
export function pathFromEnv(env: readonly string[]): string {
  let path: string | undefined;
  for (const entry of env) if (entry.startsWith('PATH=')) path = entry.slice('PATH='.length);
  return path ?? DOCKER_DEFAULT_PATH;
}
