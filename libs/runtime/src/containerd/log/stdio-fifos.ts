import { execFile } from 'node:child_process';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
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

export async function stdioFifosExist(fifos: StdioFifos): Promise<boolean> {
  return (await isFifo(fifos.stdout)) && (await isFifo(fifos.stderr));
}

export async function removeStdioFifos(fifos: StdioFifos): Promise<void> {
  await rm(fifos.dir, { recursive: true, force: true });
}

/** mkdir each pair's dir (0700), then one `mkfifo -m 600` for all of them (Node has no mkfifo). */
async function makeFifoPairs(pairs: readonly StdioFifos[]): Promise<void> {
  for (const pair of pairs) await mkdir(pair.dir, { recursive: true, mode: 0o700 });
  await run('mkfifo', ['-m', '600', ...pairs.flatMap((p) => [p.stdout, p.stderr])]);
}

/**
 * Makes a task's stdio FIFOs. Spawning mkfifo costs ≈ 5 ms, so spare pairs are made ahead in
 * batches under <fifoDir>/.spare and a task's pair is one directory rename away.
 */
export class StdioFifoFactory {
  private readonly spareDir: string;
  private readonly spares: StdioFifos[] = [];
  private refilling: Promise<void> | undefined;
  private sequence = 0;

  constructor(
    fifoDir: string,
    private readonly batch = 8,
  ) {
    this.spareDir = join(fifoDir, '.spare');
  }

  /** Forget spares of an earlier run and make a first batch. */
  async init(): Promise<void> {
    await rm(this.spareDir, { recursive: true, force: true });
    await mkdir(this.spareDir, { recursive: true, mode: 0o700 });
    await this.refill();
  }

  /** The task's FIFO pair, created unless it exists (a task that is already there keeps its pipes). */
  async create(fifos: StdioFifos): Promise<void> {
    if (await stdioFifosExist(fifos)) return;
    await rm(fifos.dir, { recursive: true, force: true });
    const spare = this.spares.pop();
    if (this.spares.length < this.batch / 2) void this.refill().catch(() => undefined);
    if (spare !== undefined) {
      try {
        await rename(spare.dir, fifos.dir);
        return;
      } catch {
        // spare gone (dir removed): make one below
      }
    }
    await makeFifoPairs([fifos]);
  }

  private refill(): Promise<void> {
    this.refilling ??= (async () => {
      try {
        const pairs = Array.from({ length: this.batch }, () => stdioFifos(this.spareDir, `pair-${process.pid}-${this.sequence++}`));
        await makeFifoPairs(pairs);
        this.spares.push(...pairs);
      } finally {
        this.refilling = undefined;
      }
    })();
    return this.refilling;
  }
}
