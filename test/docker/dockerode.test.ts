import { buildBusyboxRootfs } from '@berth/host';
import Docker from 'dockerode';
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Berthd, startBerthd, waitHealthy } from '../support/berthd-process';

const canRun = process.getuid?.() === 0;
const BRIDGE = `bo${process.pid % 100000}`;
const SUBNET = `10.220.${process.pid % 250}.0/24`;

describe.skipIf(!canRun)('dockerode against berthd on containerd', () => {
  let work: string;
  let berthd: Berthd;
  let docker: Docker;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'berth-dockerode-'));
    berthd = await startBerthd(
      ['--runtime', 'containerd', '--data-dir', join(work, 'data'), '--containerd-namespace', `berthode${process.pid}`, '--bridge', BRIDGE, '--bridge-subnet', SUBNET],
      { BERTH_GRPC_ADDR: 'off' },
    );
    await waitHealthy(berthd, 30_000);
    docker = new Docker({ socketPath: join(work, 'data', 'berth.sock') });
    await buildBusyboxRootfs(join(work, 'rootfs'), join(work, 'busybox.tar'));
    const stream = await docker.importImage(createReadStream(join(work, 'busybox.tar')), { repo: 'busybox', tag: 'local' });
    await new Promise((resolve, reject) => docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve(undefined))));
  }, 90_000);

  afterAll(async () => {
    await berthd?.stop();
    try {
      execFileSync('ip', ['link', 'del', BRIDGE], { stdio: 'ignore' });
    } catch {
      // no bridge
    }
    rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it('lists the imported image and answers ping and version', async () => {
    expect(String(await docker.ping())).toBe('OK');
    expect((await docker.version()).ApiVersion).toBe('1.41');
    expect((await docker.listImages()).flatMap((i) => i.RepoTags ?? [])).toContain('busybox:local');
  });

  it('create → attach → wait → start: output, exit code 3, inspect exited/3', async () => {
    const container = await docker.createContainer({ name: 'ode-three', Image: 'busybox:local', Cmd: ['sh', '-c', 'echo from-ode; exit 3'] });
    const stream = await container.attach({ stream: true, stdout: true, stderr: true, hijack: true });
    const stdout = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on('data', (c: Buffer) => chunks.push(c));
    docker.modem.demuxStream(stream, stdout, new PassThrough());
    const waited = container.wait({ condition: 'next-exit' });
    await container.start();
    expect((await waited).StatusCode).toBe(3);
    await new Promise((r) => stream.once('end', r));
    expect(Buffer.concat(chunks).toString()).toBe('from-ode\n');
    const info = await container.inspect();
    expect(info.State).toMatchObject({ Status: 'exited', ExitCode: 3, Running: false });
  });

  it('errors keep their status: 404 unknown, 304 already started, 409 paused, 400 missing binary (as dockerd 20.10)', async () => {
    await expect(docker.getContainer('ghost').start()).rejects.toMatchObject({ statusCode: 404, json: { message: 'No such container: ghost' } });
    const sleeper = await docker.createContainer({ name: 'ode-sleeper', Image: 'busybox:local', Cmd: ['sleep', '30'], HostConfig: { NetworkMode: 'none' } });
    await sleeper.start();
    await expect(sleeper.start()).rejects.toMatchObject({ statusCode: 304 });
    await sleeper.pause();
    await expect(sleeper.start()).rejects.toMatchObject({ statusCode: 409 });
    await sleeper.unpause();
    await sleeper.stop({ t: 1 });
    expect((await sleeper.inspect()).State.ExitCode).toBe(137);
    await sleeper.remove();
    const nope = await docker.createContainer({ name: 'ode-nope', Image: 'busybox:local', Cmd: ['/bin/nope'], HostConfig: { AutoRemove: true } });
    await expect(nope.start()).rejects.toMatchObject({ statusCode: 400 });
    await nope.wait({ condition: 'removed' }).catch(() => undefined);
    await expect(nope.inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('logs and list filters', async () => {
    const c = await docker.createContainer({ name: 'ode-logs', Image: 'busybox:local', Cmd: ['sh', '-c', 'echo a; echo b >&2'], Labels: { app: 'ode' } });
    await c.start();
    await c.wait();
    const logs = (await c.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
    expect(logs.toString('latin1')).toContain('a\n');
    expect(logs.toString('latin1')).toContain('b\n');
    const labelled = await docker.listContainers({ all: true, filters: { label: ['app=ode'] } });
    expect(labelled.map((x) => x.Names[0])).toEqual(['/ode-logs']);
    const exited = await docker.listContainers({ all: true, filters: { exited: ['3'] } });
    expect(exited.map((x) => x.Names[0])).toContain('/ode-three');
  });
});
