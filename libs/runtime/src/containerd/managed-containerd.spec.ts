import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContainerdClient } from './containerd-client';
import { connectContainerd } from './connect-containerd';
import { ContainerdNotInstalledError } from './find-executable';
import { startManagedContainerd, type ManagedContainerd } from './managed-containerd';

describe('managed containerd', () => {
  let dataDir: string;
  let managed: ManagedContainerd | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'berth-ctd-'));
  });

  afterAll(async () => {
    await managed?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('given no containerd on PATH, when started, then the error names the Debian packages', async () => {
    await expect(startManagedContainerd({ dataDir, path: '/nonexistent' })).rejects.toThrow(ContainerdNotInstalledError);
    await expect(startManagedContainerd({ dataDir, path: '/nonexistent' })).rejects.toThrow(/apt-get install containerd runc/);
  });

  it('when started, then it answers Version on its private socket with a config of its own', async () => {
    managed = await startManagedContainerd({ dataDir });
    expect(managed.address).toBe(join(dataDir, 'containerd', 'containerd.sock'));
    const config = readFileSync(join(dataDir, 'containerd', 'config.toml'), 'utf8');
    expect(config).toContain('version = 2');
    expect(config).toContain('disabled_plugins = ["io.containerd.grpc.v1.cri"');
    expect(config).toContain(`root = "${join(dataDir, 'containerd', 'root')}"`);
    const client = await connectContainerd({ address: managed.address });
    try {
      expect((await client.version()).version).toMatch(/^1\.6\./);
    } finally {
      client.close();
    }
  });

  it('given it is killed, then it is restarted and answers again', async () => {
    const running = managed!;
    const pid = running.pid!;
    process.kill(pid, 'SIGKILL');
    const client = new ContainerdClient({ address: running.address });
    try {
      const deadline = Date.now() + 15_000;
      while (running.pid === pid || running.restarts === 0) {
        if (Date.now() > deadline) throw new Error('not restarted');
        await new Promise((r) => setTimeout(r, 50));
      }
      await expect(client.version(10_000)).resolves.toMatchObject({ version: expect.stringMatching(/^1\.6\./) });
      expect(running.restarts).toBe(1);
    } finally {
      client.close();
    }
  });

  it('given a socket nobody serves, when connecting, then it fails clearly and never starts one', async () => {
    await expect(connectContainerd({ address: join(dataDir, 'nobody.sock'), timeoutMs: 300 })).rejects.toThrow(/does not answer/);
  });

  it('when stopped, then the process is gone', async () => {
    const pid = managed!.pid!;
    await managed!.stop();
    expect(() => process.kill(pid, 0)).toThrow();
    managed = undefined;
  });
});
