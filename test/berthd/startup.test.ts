import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startBerthd, waitHealthy } from '../support/berthd-process';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'berthd-startup-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('berthd start-up', () => {
  it('starts with embedded defaults and answers GET /health and GET /metrics', async () => {
    const dir = tempDir();
    const berthd = await startBerthd(['--runtime', 'process'], { BERTH_DATA_DIR: join(dir, 'data') });
    try {
      expect(await waitHealthy(berthd)).toMatchObject({
        status: 'ok',
        eventStore: 'sqlite',
        headPosition: 0,
      });
      const metrics = await (await fetch(`http://127.0.0.1:${berthd.port}/metrics`)).text();
      expect(metrics).toContain('container_actions_seconds');
      expect(berthd.output()).toContain(`event store: sqlite ${join(dir, 'data', 'berth.db')}`);
      expect(berthd.output()).toContain('runtime: process');
    } finally {
      await berthd.stop();
    }
  });

  it('refuses a file that is not a berth store, naming the path, and leaves it untouched', async () => {
    const dir = tempDir();
    const file = join(dir, 'berth.db');
    writeFileSync(file, 'this is not a database, but my notes');
    const berthd = await startBerthd(['--runtime', 'process', '--data-dir', dir]);
    expect(await berthd.exited).toBe(1);
    expect(berthd.output()).toContain(file);
    expect(readFileSync(file, 'utf8')).toBe('this is not a database, but my notes');
  });

  it.skipIf(process.getuid?.() === 0)(
    'refuses a data directory it cannot write, naming the path',
    async () => {
      const dir = tempDir();
      const locked = join(dir, 'locked');
      mkdirSync(locked);
      chmodSync(locked, 0o500);
      const berthd = await startBerthd(['--runtime', 'process', '--data-dir', locked]);
      expect(await berthd.exited).toBe(1);
      expect(berthd.output()).toContain(locked);
    },
  );

  it('refuses a store path under a file (not writable even as root), naming the path', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'plain-file'), '');
    const path = join(dir, 'plain-file', 'berth.db');
    const berthd = await startBerthd(['--runtime', 'process', '--data-dir', dir, '--sqlite-path', path]);
    expect(await berthd.exited).toBe(1);
    expect(berthd.output()).toContain(path);
  });

  it('names the field of a bad configuration value and exits 2', async () => {
    const berthd = await startBerthd(['--log-level', 'loud']);
    expect(await berthd.exited).toBe(2);
    expect(berthd.output()).toContain('--log-level (BERTH_LOG_LEVEL)');
  });
});
