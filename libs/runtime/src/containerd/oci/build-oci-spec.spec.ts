import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskSpec } from '../../runtime.port';
import { buildOciSpec } from './build-oci-spec';
import { defaultNofile, ownHardNofile } from './nofile-limit';

const ID = 'a'.repeat(64);

function taskSpec(rootfs: string, overrides: Partial<TaskSpec> = {}): TaskSpec {
  return {
    id: ID,
    rootfs,
    readonlyRootfs: false,
    process: { args: ['sh', '-c', 'true'], env: ['PATH=/bin'], cwd: '/work', user: '', terminal: false },
    hostname: 'web-1',
    mounts: [],
    shmSize: 1024 * 1024,
    network: { mode: 'none' },
    logPath: '/tmp/x.log',
    ...overrides,
  };
}

describe('buildOciSpec', () => {
  let rootfs: string;

  beforeAll(() => {
    rootfs = mkdtempSync(join(tmpdir(), 'berth-oci-'));
    mkdirSync(join(rootfs, 'etc'));
    writeFileSync(join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nwww:x:33:34:www:/var/www:/bin/false\n');
    writeFileSync(join(rootfs, 'etc', 'group'), 'root:x:0:\nwww:x:34:\nstaff:x:50:www,other\n');
  });

  afterAll(() => rmSync(rootfs, { recursive: true, force: true }));

  it('given a task, then process, root, hostname and cgroups path are the task\'s', async () => {
    const spec = await buildOciSpec(taskSpec(rootfs, { readonlyRootfs: true }), { namespace: 'berth' });
    expect(spec.process).toMatchObject({ args: ['sh', '-c', 'true'], env: ['PATH=/bin'], cwd: '/work', terminal: false });
    expect(spec.process.user).toEqual({ uid: 0, gid: 0 });
    expect(spec.root).toEqual({ path: rootfs, readonly: true });
    expect(spec.hostname).toBe('web-1');
    expect(spec.linux.cgroupsPath).toBe(`/berth/${ID}`);
    expect(spec.process.noNewPrivileges).toBe(false);
    expect(spec.process.rlimits).toEqual([{ type: 'RLIMIT_NOFILE', ...defaultNofile() }]);
  });

  it('then it has Docker\'s 14 default capabilities in bounding, effective and permitted', async () => {
    const { capabilities } = (await buildOciSpec(taskSpec(rootfs), { namespace: 'berth' })).process;
    expect(capabilities.bounding).toHaveLength(14);
    expect(capabilities.bounding).toContain('CAP_NET_BIND_SERVICE');
    expect(capabilities.bounding).not.toContain('CAP_SYS_ADMIN');
    expect(capabilities.effective).toEqual(capabilities.bounding);
    expect(capabilities.permitted).toEqual(capabilities.bounding);
  });

  it('then the standard mounts are there, /dev/shm sized by shmSize, /sys read-only', async () => {
    const { mounts } = await buildOciSpec(taskSpec(rootfs), { namespace: 'berth' });
    expect(mounts.map((m) => m.destination)).toEqual([
      '/proc',
      '/dev',
      '/dev/pts',
      '/sys',
      '/sys/fs/cgroup',
      '/dev/mqueue',
      '/dev/shm',
    ]);
    expect(mounts.find((m) => m.destination === '/dev/shm')?.options).toContain('size=1048576');
    expect(mounts.find((m) => m.destination === '/sys')?.options).toContain('ro');
  });

  it('given shmSize 0, then /dev/shm gets Docker\'s 64 MiB', async () => {
    const { mounts } = await buildOciSpec(taskSpec(rootfs, { shmSize: 0 }), { namespace: 'berth' });
    expect(mounts.find((m) => m.destination === '/dev/shm')?.options).toContain('size=67108864');
  });

  it('given binds and a tmpfs, then binds are rbind/rprivate with ro or rw, parents first', async () => {
    const { mounts } = await buildOciSpec(
      taskSpec(rootfs, {
        mounts: [
          { destination: '/data/sub', type: 'bind', source: '/srv/sub', options: ['ro'] },
          { destination: '/data', type: 'bind', source: '/srv/data', options: [] },
          { destination: '/run', type: 'tmpfs', source: 'tmpfs', options: ['size=1m'] },
        ],
      }),
      { namespace: 'berth' },
    );
    expect(mounts.slice(7)).toEqual([
      { destination: '/data', type: 'bind', source: '/srv/data', options: ['rbind', 'rw', 'rprivate'] },
      { destination: '/run', type: 'tmpfs', source: 'tmpfs', options: ['size=1m'] },
      { destination: '/data/sub', type: 'bind', source: '/srv/sub', options: ['rbind', 'ro', 'rprivate'] },
    ]);
  });

  it('given a mount on /dev/shm, then it replaces the standard one', async () => {
    const { mounts } = await buildOciSpec(
      taskSpec(rootfs, { mounts: [{ destination: '/dev/shm', type: 'bind', source: '/host/shm', options: ['rw'] }] }),
      { namespace: 'berth' },
    );
    expect(mounts.filter((m) => m.destination === '/dev/shm')).toEqual([
      { destination: '/dev/shm', type: 'bind', source: '/host/shm', options: ['rbind', 'rw', 'rprivate'] },
    ]);
  });

  it.each([
    [{ mode: 'none' }, [{ type: 'network' }]],
    [{ mode: 'bridge', netnsPath: '/var/run/netns/c1' }, [{ type: 'network', path: '/var/run/netns/c1' }]],
    [{ mode: 'host' }, []],
  ])('given network %j, then the network namespace is %j', async (network, expected) => {
    const spec = await buildOciSpec(taskSpec(rootfs, { network }), { namespace: 'berth' });
    expect(spec.linux.namespaces.slice(0, 4)).toEqual([{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }]);
    expect(spec.linux.namespaces.slice(4)).toEqual(expected);
  });

  it('then Docker\'s masked and read-only paths are set and devices are denied by default', async () => {
    const { linux } = await buildOciSpec(taskSpec(rootfs), { namespace: 'berth' });
    expect(linux.maskedPaths).toContain('/proc/kcore');
    expect(linux.maskedPaths).toContain('/sys/firmware');
    expect(linux.readonlyPaths).toEqual(['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger']);
    expect(linux.resources.devices[0]).toEqual({ allow: false, access: 'rwm' });
  });

  it.each([
    ['', { uid: 0, gid: 0 }],
    ['root', { uid: 0, gid: 0 }],
    ['1000', { uid: 1000, gid: 0 }],
    ['1000:1001', { uid: 1000, gid: 1001 }],
    ['33', { uid: 33, gid: 34, additionalGids: [50] }],
    ['www', { uid: 33, gid: 34, additionalGids: [50] }],
    ['www:staff', { uid: 33, gid: 50 }],
    ['www:7', { uid: 33, gid: 7, additionalGids: [50] }],
  ])('given user %j, then the process user is %j', async (user, expected) => {
    const spec = await buildOciSpec(taskSpec(rootfs, { process: { ...taskSpec(rootfs).process, user } }), { namespace: 'berth' });
    expect(spec.process.user).toEqual(expected);
  });

  it('given an unknown user name, then it is an invalid-parameter error with Docker\'s text', async () => {
    const spec = taskSpec(rootfs, { process: { ...taskSpec(rootfs).process, user: 'nobody' } });
    await expect(buildOciSpec(spec, { namespace: 'berth' })).rejects.toMatchObject({
      name: 'RuntimeCallError',
      kind: 'invalid',
      message: 'unable to find user nobody: no matching entries in passwd file',
    });
  });

  it('given a rootfs without /etc/passwd, then names fail and numbers and root work', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'berth-oci-bare-'));
    try {
      const named = taskSpec(bare, { process: { ...taskSpec(bare).process, user: 'www' } });
      await expect(buildOciSpec(named, { namespace: 'berth' })).rejects.toThrow(/unable to find user www/);
      const root = taskSpec(bare, { process: { ...taskSpec(bare).process, user: 'root' } });
      expect((await buildOciSpec(root, { namespace: 'berth' })).process.user).toEqual({ uid: 0, gid: 0 });
      const numeric = taskSpec(bare, { process: { ...taskSpec(bare).process, user: '5:6' } });
      expect((await buildOciSpec(numeric, { namespace: 'berth' })).process.user).toEqual({ uid: 5, gid: 6 });
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it('given /etc/passwd is an absolute symlink, then it is read inside the rootfs', async () => {
    const linked = mkdtempSync(join(tmpdir(), 'berth-oci-link-'));
    try {
      mkdirSync(join(linked, 'etc'));
      mkdirSync(join(linked, 'data'));
      writeFileSync(join(linked, 'data', 'passwd'), 'app:x:70:71::/:/bin/sh\n');
      symlinkSync('/data/passwd', join(linked, 'etc', 'passwd'));
      const spec = taskSpec(linked, { process: { ...taskSpec(linked).process, user: 'app' } });
      expect((await buildOciSpec(spec, { namespace: 'berth' })).process.user).toEqual({ uid: 70, gid: 71 });
    } finally {
      rmSync(linked, { recursive: true, force: true });
    }
  });

  it('given nofile options, then they are used as given', async () => {
    const spec = await buildOciSpec(taskSpec(rootfs), { namespace: 'berth', nofile: { soft: 1024, hard: 4096 } });
    expect(spec.process.rlimits).toEqual([{ type: 'RLIMIT_NOFILE', soft: 1024, hard: 4096 }]);
  });
});

describe('NOFILE limit', () => {
  const limits = (hard: string): string =>
    `Limit                     Soft Limit           Hard Limit           Units\nMax open files            1024                 ${hard}                files\n`;

  it('reads the hard limit of /proc/self/limits', () => {
    expect(ownHardNofile(limits('20000'))).toBe(20000);
    expect(ownHardNofile(limits('unlimited'))).toBeUndefined();
  });

  it('is Docker\'s 1048576 at most', () => {
    expect(defaultNofile().hard).toBeLessThanOrEqual(1048576);
    expect(defaultNofile().soft).toBe(defaultNofile().hard);
  });
});
