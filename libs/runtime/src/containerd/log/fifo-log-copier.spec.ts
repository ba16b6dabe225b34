import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FifoLogCopier } from './fifo-log-copier';
import { removeStdioFifos, StdioFifoFactory, stdioFifos, stdioFifosExist } from './stdio-fifos';

/** A writer like the shim: holds both FIFOs open, writes, closes. */
function writeBoth(stdoutPath: string, stderrPath: string, script: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', `exec 3>"$1" 4>"$2"; ${script}`, 'sh', stdoutPath, stderrPath], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', () => resolve());
  });
}

describe('FIFO log copier', () => {
  let dir: string;
  let factory: StdioFifoFactory;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'berth-fifo-'));
    factory = new StdioFifoFactory(join(dir, 'fifo'), 2);
    await factory.init();
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('given output on both FIFOs, then the log has one JSON line per message with its stream, and done resolves at EOF', async () => {
    const fifos = stdioFifos(join(dir, 'fifo'), 'c1');
    await factory.create(fifos);
    expect(await stdioFifosExist(fifos)).toBe(true);
    const logPath = join(dir, 'logs', 'c1.log');
    const copier = await FifoLogCopier.open(fifos, logPath);
    await writeBoth(fifos.stdout, fifos.stderr, 'echo out >&3; echo err >&4; printf partial >&3');
    await copier.done;
    const lines = readFileSync(logPath, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { log: string; stream: string; time: string });
    expect(lines.map(({ log, stream }) => `${stream}:${log}`).sort()).toEqual(['stderr:err\n', 'stdout:out\n', 'stdout:partial']);
    expect(lines[0]?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
  });

  it('given no writer ever comes, then finish gives up after its timeout and flushes', async () => {
    const fifos = stdioFifos(join(dir, 'fifo'), 'c2');
    await factory.create(fifos);
    const copier = await FifoLogCopier.open(fifos, join(dir, 'logs', 'c2.log'));
    const started = Date.now();
    await copier.finish(150);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(readFileSync(join(dir, 'logs', 'c2.log'), 'utf8')).toBe('');
  });

  it('given more pairs than spares, then each task still gets its own FIFOs, and remove deletes them', async () => {
    const many = ['a', 'b', 'c', 'd', 'e'].map((id) => stdioFifos(join(dir, 'fifo'), id));
    await Promise.all(many.map((fifos) => factory.create(fifos)));
    for (const fifos of many) expect(await stdioFifosExist(fifos)).toBe(true);
    await removeStdioFifos(many[0]!);
    expect(await stdioFifosExist(many[0]!)).toBe(false);
  });
});
