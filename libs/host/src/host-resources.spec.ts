import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostResources } from './host-resources';
import { unmountAllUnder } from './support/unmount';
import { buildBusyboxRootfs } from './testing/busybox-rootfs';
import { mountedUnder } from './testing/mounts';

const n = process.pid % 100;
const bridge = `bthr${process.pid % 100000}`;
const prefix = `bthr${n}-`;

describe('HostResources: a start acquires, a failed start is cleaned up in the seed order (real mounts, netns, CNI)', () => {
  let work: string;
  let host: HostResources;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'berth-host-'));
    host = new HostResources({ dataDir: join(work, 'data'), network: { bridge, subnet: `10.214.${n}.0/24`, networkName: `bthr${n}`, netnsPrefix: prefix } });
    await host.images.import(await buildBusyboxRootfs(join(work, 'src'), join(work, 'busybox.tar')), { repo: 'busybox' });
  });

  afterAll(async () => {
    await unmountAllUnder(work).catch(() => undefined);
    spawnSync('ip', ['link', 'del', bridge], { stdio: 'ignore' });
    await rm(work, { recursive: true, force: true });
  });

  it('given rootfs, volumes, secrets, ipc and a bridge network acquired, when cleaned up, then nothing is left and the steps are in order', async () => {
    const id = randomBytes(32).toString('hex');
    let attachCancelled = false;
    await host.overlay.prepare(id, 'busybox');
    const { baseFs } = await host.overlay.mount(id);
    await host.volumes.acquire(id, [`${work}:/work:ro`], [], { '/run': '' });
    await host.secrets.acquire(id, [{ name: 'token', data: 't' }]);
    await host.ipc.acquire(id);
    const network = await host.network.initialize(id, 'bridge');
    expect(network.netnsPath).toBeDefined();

    const report = await host.cleanup(
      id,
      { network: true, ipc: true, rootfs: true, secrets: true, volumes: true, baseFs },
      { cancelAttach: async () => { attachCancelled = true; } },
    );

    expect(report).toEqual({ steps: ['release-network', 'unmount-ipc', 'unmount-rootfs', 'unmount-secrets', 'unmount-volumes', 'cancel-attach'], warnings: [] });
    expect(attachCancelled).toBe(true);
    expect(mountedUnder(host.containers.paths(id).dir)).toEqual([]);
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(`${prefix}${id.slice(0, 12)}`);
    await expect(stat(host.containers.paths(id).secrets)).rejects.toMatchObject({ code: 'ENOENT' });

    expect(await host.cleanup(id, { network: true, ipc: true, rootfs: true, secrets: true, volumes: true, baseFs })).toMatchObject({ warnings: [] });
    await host.overlay.remove(id);
    await host.containers.remove(id);
    await expect(stat(host.containers.paths(id).dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
