import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unmountAllUnder } from '../support/unmount';
import { mountedUnder } from '../testing/mounts';
import { LocalContainerFs } from './container-fs';

describe('LocalContainerFs', () => {
  let work: string;
  let fs: LocalContainerFs;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'berth-cfs-'));
    fs = new LocalContainerFs(join(work, 'data'));
  });

  afterAll(async () => {
    await unmountAllUnder(work).catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  });

  it('given a container id, when prepared, then its rootfs dir exists and is the base fs; the log path is <id>-json.log', async () => {
    const { baseFs } = await fs.prepare('abc123');
    expect(baseFs).toBe(join(work, 'data', 'containers', 'abc123', 'rootfs'));
    expect((await stat(baseFs)).isDirectory()).toBe(true);
    expect(fs.logPath('abc123')).toBe(join(work, 'data', 'containers', 'abc123', 'abc123-json.log'));
    expect(await fs.prepare('abc123')).toEqual({ baseFs });
  });

  it('given a prepared container, when released and removed (twice), then the dir is gone', async () => {
    await fs.prepare('gone1');
    await fs.release('gone1');
    await fs.release('gone1');
    await fs.remove('gone1');
    await fs.remove('gone1');
    expect(await readdir(join(work, 'data', 'containers'))).not.toContain('gone1');
  });

  it('given a host dir bind-mounted under the container dir, when removed, then it is unmounted first and the host files survive', async () => {
    const hostDir = join(work, 'host-files');
    await mkdir(hostDir, { recursive: true });
    await writeFile(join(hostDir, 'precious'), 'keep me');
    const { baseFs } = await fs.prepare('binder');
    await mkdir(join(baseFs, 'data'));
    execFileSync('mount', ['--bind', hostDir, join(baseFs, 'data')]);
    await fs.remove('binder');
    expect(mountedUnder(join(work, 'data', 'containers', 'binder'))).toEqual([]);
    expect((await stat(join(hostDir, 'precious'))).isFile()).toBe(true);
    await expect(stat(join(work, 'data', 'containers', 'binder'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('given an id that is not a safe path component, then it is refused as an invalid parameter', async () => {
    for (const id of ['..', '../etc', 'a/b', '', '.hidden']) {
      await expect(fs.prepare(id), id).rejects.toMatchObject({ kind: 'invalid_parameter', stage: 'mount' });
    }
  });
});
