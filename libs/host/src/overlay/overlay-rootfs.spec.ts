import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostResourceError } from '../errors';
import { LocalImageStore } from '../image/local-image-store';
import type { ImageRecord } from '../image/image';
import { unmountAllUnder } from '../support/unmount';
import { buildBusyboxRootfs } from '../testing/busybox-rootfs';
import { mountedUnder } from '../testing/mounts';
import { KernelOverlayRootfs } from './overlay-rootfs';

describe('KernelOverlayRootfs (real overlay mounts, root)', () => {
  let work: string;
  let dataDir: string;
  let images: LocalImageStore;
  let overlay: KernelOverlayRootfs;
  let image: ImageRecord;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'berth-overlay-'));
    dataDir = join(work, 'data');
    const tarPath = await buildBusyboxRootfs(join(work, 'src'), join(work, 'busybox.tar'));
    images = new LocalImageStore(dataDir);
    overlay = new KernelOverlayRootfs(dataDir, images);
    image = await images.import(tarPath, { repo: 'busybox' });
  });

  afterAll(async () => {
    await unmountAllUnder(work).catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  });

  const containerDir = (id: string): string => join(dataDir, 'containers', id);

  it('given a prepared container, when mounted, then the merged dir shows the image and writes go to the upper layer only', async () => {
    await overlay.prepare('c1', 'busybox');
    const { baseFs } = await overlay.mount('c1');
    expect(baseFs).toBe(join(containerDir('c1'), 'merged'));
    expect(mountedUnder(containerDir('c1'))).toEqual([baseFs]);
    expect((await stat(join(baseFs, 'bin', 'busybox'))).isFile()).toBe(true);
    execFileSync(join(baseFs, 'bin', 'busybox'), ['true']);

    await writeFile(join(baseFs, 'tmp', 'written'), 'data');
    expect(await readFile(join(containerDir('c1'), 'upper', 'tmp', 'written'), 'utf8')).toBe('data');
    await expect(stat(join(images.layerPath(image.id), 'tmp', 'written'))).rejects.toMatchObject({ code: 'ENOENT' });

    expect(await overlay.mount('c1')).toEqual({ baseFs }); // at-least-once: mounted once
    expect(mountedUnder(containerDir('c1'))).toEqual([baseFs]);

    expect(await overlay.unmount('c1')).toEqual({ fallback: false, unmounted: [] });
    expect(mountedUnder(containerDir('c1'))).toEqual([]);
    expect(await overlay.unmount('c1')).toEqual({ fallback: false, unmounted: [] });
  });

  it('given a remount after unmount, then the container keeps its writes', async () => {
    await overlay.prepare('c2', image.id);
    const { baseFs } = await overlay.mount('c2');
    await writeFile(join(baseFs, 'etc', 'kept'), 'yes');
    await overlay.unmount('c2');
    await overlay.mount('c2');
    expect(await readFile(join(baseFs, 'etc', 'kept'), 'utf8')).toBe('yes');
    await overlay.remove('c2');
    expect(mountedUnder(containerDir('c2'))).toEqual([]);
    await expect(stat(join(containerDir('c2'), 'upper'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('given a stray mount inside the merged dir, when unmounted, then the fallback unmounts everything under the container dir', async () => {
    await overlay.prepare('c3', image.id);
    const { baseFs } = await overlay.mount('c3');
    execFileSync('mount', ['-t', 'tmpfs', 'stray', join(baseFs, 'tmp')]);
    await mkdir(join(containerDir('c3'), 'stray'), { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', 'stray', join(containerDir('c3'), 'stray')]);
    expect(mountedUnder(containerDir('c3'))).toHaveLength(3);

    const result = await overlay.unmount('c3');
    expect(result.fallback).toBe(true);
    expect(result.unmounted).toContain(join(containerDir('c3'), 'stray'));
    expect(mountedUnder(containerDir('c3'))).toEqual([]);
  });

  it('given a container never prepared, when unmounted or removed, then it is done; when mounted, then the error names the record', async () => {
    expect(await overlay.unmount('never')).toEqual({ fallback: false, unmounted: [] });
    await overlay.remove('never');
    const error = await overlay.mount('never').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HostResourceError);
    expect(error).toMatchObject({ stage: 'mount', message: expect.stringContaining(join(containerDir('never'), 'overlay.json')) });
  });

  it('given the image layer is gone, when mounted, then a mount-stage error names the layer path', async () => {
    const otherTar = join(work, 'other.tar');
    execFileSync('tar', ['-C', join(work, 'src'), '-cf', otherTar, 'bin']);
    const other = await images.import(otherTar, { repo: 'other' });
    await overlay.prepare('c4', other.id);
    await images.remove(other.id);
    await expect(overlay.mount('c4')).rejects.toMatchObject({
      stage: 'mount',
      message: expect.stringContaining(images.layerPath(other.id)),
    });
    expect(mountedUnder(containerDir('c4'))).toEqual([]);
  });

  it('given a data dir reached through a symlink, when mounted twice and unmounted, then exactly one mount comes and goes', async () => {
    const linked = join(work, 'linked');
    await symlink(dataDir, linked);
    const viaLink = new KernelOverlayRootfs(linked, new LocalImageStore(linked));
    await viaLink.prepare('c6', image.id);
    await viaLink.mount('c6');
    await viaLink.mount('c6');
    expect(mountedUnder(containerDir('c6'))).toEqual([join(containerDir('c6'), 'merged')]);
    await viaLink.unmount('c6');
    expect(mountedUnder(containerDir('c6'))).toEqual([]);
  });

  it('given an unknown image, when prepared, then it is not found', async () => {
    await expect(overlay.prepare('c5', 'nope:latest')).rejects.toMatchObject({ kind: 'not_found', message: 'No such image: nope:latest' });
  });
});
