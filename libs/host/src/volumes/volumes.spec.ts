import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostResourceError } from '../errors';
import { HostVolumes } from './volumes';

describe('HostVolumes', () => {
  let work: string;
  const volumes = new HostVolumes();

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'berth-volumes-'));
    await mkdir(join(work, 'dir'));
    await writeFile(join(work, 'file'), 'x');
  });

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('given -v binds with ro/rw and propagation, then they become rbind mounts with those options', async () => {
    const mounts = await volumes.acquire('c1', [`${work}/dir:/data`, `${work}/file:/etc/conf:ro`, `${work}/dir:/shared/:rw,rshared`], [], {});
    expect(mounts).toEqual([
      { destination: '/data', type: 'bind', source: `${work}/dir`, options: ['rbind', 'rprivate'] },
      { destination: '/etc/conf', type: 'bind', source: `${work}/file`, options: ['rbind', 'ro', 'rprivate'] },
      { destination: '/shared', type: 'bind', source: `${work}/dir`, options: ['rbind', 'rshared'] },
    ]);
  });

  it('given a -v bind whose absolute host dir is missing, then it is created (as Docker 20.10 does)', async () => {
    const missing = join(work, 'created', 'by', 'bind');
    await volumes.acquire('c1', [`${missing}:/data`], [], {});
    expect((await stat(missing)).isDirectory()).toBe(true);
  });

  it('given a --mount bind whose source is missing, then it is dockerd\'s invalid mount config error', async () => {
    const missing = join(work, 'absent');
    const error = await volumes.acquire('c1', [], [{ Type: 'bind', Source: missing, Target: '/data' }], {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HostResourceError);
    expect(error).toMatchObject({
      stage: 'mount',
      kind: 'invalid_parameter',
      message: `invalid mount config for type "bind": bind source path does not exist: ${missing}`,
    });
    await expect(stat(missing)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('given --mount bind (read-only) and tmpfs entries, then they become mount specs', async () => {
    const mounts = await volumes.acquire(
      'c1',
      [],
      [
        { Type: 'bind', Source: `${work}/dir`, Target: '/ro', ReadOnly: true },
        { Type: 'tmpfs', Target: '/scratch', TmpfsOptions: { SizeBytes: 65536, Mode: 0o1777 } },
      ],
      { '/run': 'rw,size=64m,exec' },
    );
    expect(mounts).toEqual([
      { destination: '/ro', type: 'bind', source: `${work}/dir`, options: ['rbind', 'ro', 'rprivate'] },
      { destination: '/scratch', type: 'tmpfs', source: 'tmpfs', options: ['noexec', 'nosuid', 'nodev', 'rprivate', 'size=65536', 'mode=1777'] },
      { destination: '/run', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev', 'rprivate', 'rw', 'size=64m', 'exec'] },
    ]);
  });

  it.each([
    ['relative/path:/data', "invalid volume specification: 'relative/path:/data'"],
    ['named:/data', 'named volumes are not supported'],
    ['/data', 'anonymous volumes are not supported'],
    [`/tmp:relative`, 'mount path must be absolute'],
    [`/tmp:/`, "destination can't be '/'"],
    [`/tmp:/data:bogus`, 'invalid mode: bogus'],
    [`/tmp:/data:ro:extra`, "invalid volume specification: '/tmp:/data:ro:extra'"],
  ])('given the bind %s, then it is an invalid parameter naming it', async (bind, text) => {
    const error = await volumes.acquire('c1', [bind], [], {}).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'invalid_parameter', stage: 'mount' });
    expect((error as Error).message).toContain(text);
    expect((error as Error).message).toContain(bind.split(':')[0]);
  });

  it('given two mounts on one destination, then it is a duplicate mount point', async () => {
    await expect(volumes.acquire('c1', [`${work}/dir:/data`], [{ Type: 'bind', Source: `${work}/file`, Target: '/data' }], {})).rejects.toMatchObject({
      message: 'Duplicate mount point: /data',
    });
  });

  it('given named volume mounts, then they are refused clearly; release has nothing to undo', async () => {
    await expect(volumes.acquire('c1', [], [{ Type: 'volume', Source: 'v', Target: '/v' }], {})).rejects.toMatchObject({ kind: 'invalid_parameter' });
    await volumes.release('c1');
    await volumes.release('c1');
  });
});
