import { buildBusyboxRootfs, type HostResources, mountedUnder } from '@berth/host';
import { HOST, RUNTIME } from '@berth/lifecycle';
import type { Runtime } from '@berth/runtime';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LifecycleHarness, startLifecycle } from '../../libs/lifecycle/src/testing/lifecycle-harness';

const USER = { actor: 'tester', source: 'test' };

interface StartFailure {
  readonly message: string;
  readonly exitCode: number;
}
const BRIDGE = `bt${process.pid % 100000}`;
const SUBNET = `10.215.${process.pid % 250}.0/24`;
const canRun = process.getuid?.() === 0;

describe.skipIf(!canRun)('lifecycle on containerd (real containers, managed containerd)', () => {
  let h: LifecycleHarness;
  let host: HostResources;
  let runtime: Runtime;
  let work: string;
  const image = 'busybox:test';

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'berth-ctrd-'));
    h = await startLifecycle(
      { kind: 'containerd', namespace: `berthtest${process.pid}` },
      join(work, 'data'),
      { network: { bridge: BRIDGE, subnet: SUBNET } },
    );
    host = h.app.get<HostResources>(HOST);
    runtime = h.app.get<Runtime>(RUNTIME);
    const rootfs = join(work, 'rootfs');
    await buildBusyboxRootfs(rootfs, join(work, 'busybox.tar'));
    await host.images.import(join(work, 'busybox.tar'), { repo: 'busybox', tag: 'test' });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    try {
      execFileSync('ip', ['link', 'del', BRIDGE], { stdio: 'ignore' });
    } catch {
      // no bridge was made
    }
    rmSync(work, { recursive: true, force: true });
  }, 60_000);

  const startFailure = (id: string): Promise<StartFailure> =>
    h.service.start(id, USER).then(
      () => {
        throw new Error(`start of ${id} was expected to fail`);
      },
      (e: unknown) => e as StartFailure,
    );

  const nothingLeft = async (id: string): Promise<void> => {
    expect(await runtime.get(id)).toBeUndefined();
    expect(mountedUnder(join(h.dataDir, 'containers', id))).toEqual([]);
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(
      `berth-${id.slice(0, 12)}`,
    );
  };

  it("sh -c 'exit 3' → ContainerExited(3), exited/3, and the log file holds its output", async () => {
    const { id } = await h.service.create(
      {
        name: 'three',
        config: { image, cmd: ['sh', '-c', 'echo out; echo err >&2; exit 3'] },
        hostConfig: { networkMode: 'none' },
      },
      USER,
    );
    await h.service.start(id, USER);
    expect(await h.service.wait(id)).toEqual({ statusCode: 3 });
    await h.eventually(id, 'CleanupCompleted');
    expect((await h.service.inspect(id)).State).toMatchObject({ Status: 'exited', ExitCode: 3 });
    const lines = readFileSync(host.containers.logPath(id), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { log: string; stream: string });
    expect(lines.map((l) => [l.stream, l.log])).toEqual(
      expect.arrayContaining([
        ['stdout', 'out\n'],
        ['stderr', 'err\n'],
      ]),
    );
    await nothingLeft(id);
  });

  it('a missing binary fails with 127 and runc’s text verbatim; nothing is left behind', async () => {
    const { id } = await h.service.create({ name: 'nope', config: { image, cmd: ['/bin/nope'] } }, USER);
    const error = await startFailure(id);
    expect(error.message).toContain('exec: "/bin/nope": stat /bin/nope: no such file or directory');
    expect(error.message).toMatch(/^failed to create shim task: OCI runtime create failed/);
    expect(error.exitCode).toBe(127);
    expect((await h.service.inspect(id)).State).toMatchObject({
      Status: 'created',
      ExitCode: 127,
      Error: error.message,
    });
    expect(await h.types(id)).toEqual([
      'ContainerCreated',
      'StartRequested',
      'MountCompleted',
      'NetworkInitialized',
      'StartFailed',
      'CleanupCompleted',
    ]);
    await nothingLeft(id);
  });

  it('a mode-0644 binary fails with 126; binding a file onto a directory fails with 127 and the mount hint', async () => {
    const binDir = join(work, 'noexec');
    mkdirSync(binDir, { recursive: true });
    writeFileSync(join(binDir, 'noexec'), '#!/bin/sh\necho hi\n');
    chmodSync(join(binDir, 'noexec'), 0o644);
    const noexec = await h.service.create(
      {
        name: 'noexec',
        config: { image, cmd: ['/opt/noexec'] },
        hostConfig: { binds: [`${binDir}:/opt:ro`] },
      },
      USER,
    );
    const e126 = await startFailure(noexec.id);
    expect(e126.message).toContain('permission denied');
    expect(e126.exitCode).toBe(126);
    await nothingLeft(noexec.id);

    const file = join(work, 'hostname-file');
    writeFileSync(file, 'x\n');
    const onto = await h.service.create(
      { name: 'onto', config: { image, cmd: ['true'] }, hostConfig: { binds: [`${file}:/bin`] } },
      USER,
    );
    const e127 = await startFailure(onto.id);
    expect(e127.message).toContain('not a directory');
    expect(e127.message).toMatch(
      /: Are you trying to mount a directory onto a file \(or vice-versa\)\? Check if the specified host path exists and is the expected type$/,
    );
    expect(e127.exitCode).toBe(127);
    await nothingLeft(onto.id);
  });

  it('sleep 30: pause → containerd says paused, unpause, stop with timeout 1 → 137', async () => {
    const { id } = await h.service.create(
      { name: 'sleeper', config: { image, cmd: ['sleep', '30'] }, hostConfig: { networkMode: 'none' } },
      USER,
    );
    await h.service.start(id, USER);
    await h.service.pause(id, USER);
    expect((await runtime.get(id))?.status).toBe('paused');
    expect((await h.service.inspect(id)).State).toMatchObject({
      Status: 'paused',
      Paused: true,
      Running: true,
    });
    await h.service.unpause(id, USER);
    expect((await runtime.get(id))?.status).toBe('running');
    await h.service.stop(id, USER, { timeoutSeconds: 1 });
    expect((await h.service.inspect(id)).State).toMatchObject({ Status: 'exited', ExitCode: 137 });
    await h.eventually(id, 'CleanupCompleted');
    await nothingLeft(id);
  });

  it('bridge network: the container sees its IP; after exit and cleanup the IP is released', async () => {
    const { id } = await h.service.create(
      { name: 'netted', config: { image, cmd: ['sh', '-c', 'ip -4 addr show eth0'] } },
      USER,
    );
    await h.service.start(id, USER);
    const state = await h.service.inspect(id);
    const ip = state.resources.network?.endpoints[0]?.ip;
    expect(ip).toMatch(/^10\.215\./);
    await h.service.wait(id);
    await h.eventually(id, 'CleanupCompleted');
    expect(readFileSync(host.containers.logPath(id), 'utf8')).toContain(`inet ${ip}/`);
    await nothingLeft(id);
    const leases = execFileSync('sh', ['-c', `ls ${join(h.dataDir, 'network')} -R 2>/dev/null || true`], {
      encoding: 'utf8',
    });
    expect(leases).not.toContain(ip ?? 'no-ip');
  });
});
