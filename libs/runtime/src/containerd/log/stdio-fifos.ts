import { execFile } from 'node:child_process';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The named pipes a task's shim writes stdout and stderr into: <fifoDir>/<id>/{stdout,stderr}. */
export interface StdioFifos {
  readonly dir: string;
  readonly stdout: string;
  readonly stderr: string;
}

export function stdioFifos(fifoDir: string, id: string): StdioFifos {
  const dir = join(fifoDir, id);
  return { dir, stdout: join(dir, 'stdout'), stderr: join(dir, 'stderr') };
}

const isFifo = async (path: string): Promise<boolean> => {
  try {
    return (await stat(path)).isFIFO();
  } catch {
    return false;
  }
};

/** Create the FIFOs (mode 0600 in a 0700 dir) unless they exist. Node has no mkfifo: the coreutils binary does it. */
export async function createStdioFifos(fifos: StdioFifos): Promise<void> {
  await mkdir(fifos.dir, { recursive: true, mode: 0o700 });
  const missing: string[] = [];
  for (const path of [fifos.stdout, fifos.stderr]) if (!(await isFifo(path))) missing.push(path);
  if (missing.length === 0) return;
  await rm(missing[0] as string, { force: true });
  if (missing[1] !== undefined) await rm(missing[1], { force: true });
  await run('mkfifo', ['-m', '600', ...missing]);
}

export async function stdioFifosExist(fifos: StdioFifos): Promise<boolean> {
  return (await isFifo(fifos.stdout)) && (await isFifo(fifos.stderr));
}

export async function removeStdioFifos(fifos: StdioFifos): Promise<void> {
  await rm(fifos.dir, { recursive: true, force: true });
}
