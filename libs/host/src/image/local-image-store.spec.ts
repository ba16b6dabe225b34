import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostResourceError } from '../errors';
import { buildBusyboxRootfs } from '../testing/busybox-rootfs';
import { LocalImageStore } from './local-image-store';

describe('LocalImageStore', () => {
  let work: string;
  let tarPath: string;
  let tarHex: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'berth-images-'));
    tarPath = await buildBusyboxRootfs(join(work, 'src'), join(work, 'busybox.tar'));
    tarHex = createHash('sha256').update(readFileSync(tarPath)).digest('hex');
  });

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const freshStore = async (): Promise<{ store: LocalImageStore; dataDir: string }> => {
    const dataDir = await mkdtemp(join(work, 'data-'));
    return { store: new LocalImageStore(dataDir), dataDir };
  };

  it('given a busybox tarball, when imported, then the image id is the sha256 of the tarball and the layer holds its files', async () => {
    const { store, dataDir } = await freshStore();
    const image = await store.import(tarPath, { repo: 'busybox', tag: 'test' });
    expect(image.id).toBe(`sha256:${tarHex}`);
    expect(image.repoTags).toEqual(['busybox:test']);
    expect(new Date(image.created).getTime()).toBeLessThanOrEqual(Date.now());
    const busybox = await stat(join(dataDir, 'images', tarHex, 'rootfs', 'bin', 'busybox'));
    expect(image.size).toBeGreaterThanOrEqual(busybox.size);
    expect(busybox.mode & 0o111).not.toBe(0);
    expect(store.layerPath(image.id)).toBe(join(dataDir, 'images', tarHex, 'rootfs'));
    const index = JSON.parse(await readFile(join(dataDir, 'images', 'index.json'), 'utf8')) as { images: unknown[] };
    expect(index.images).toEqual([image]);
    expect((await stat(tarPath)).isFile()).toBe(true); // the caller's tarball is left alone
  });

  it('given an image, when looked up by id, short id, repo:tag or repo, then it is found; unknown refs are not', async () => {
    const { store } = await freshStore();
    const image = await store.import(tarPath, { repo: 'busybox' });
    expect(image.repoTags).toEqual(['busybox:latest']);
    for (const ref of [image.id, tarHex, tarHex.slice(0, 12), `sha256:${tarHex.slice(0, 6)}`, 'busybox:latest', 'busybox']) {
      expect(await store.get(ref), ref).toEqual(image);
    }
    expect(await store.get('busybox:other')).toBeUndefined();
    expect(await store.get('0'.repeat(64))).toBeUndefined();
    expect(await store.list()).toEqual([image]);
  });

  it('given a stream, when imported, then the same bytes give the same image and the new tag is added', async () => {
    const { store } = await freshStore();
    const first = await store.import(tarPath, { repo: 'one' });
    const second = await store.import(createReadStream(tarPath), { repo: 'two', tag: 'v1' });
    expect(second.id).toBe(first.id);
    expect(second.repoTags).toEqual(['one:latest', 'two:v1']);
    expect(await store.list()).toHaveLength(1);
  });

  it('given a tag on one image, when another image is imported with it, then the tag moves', async () => {
    const { store } = await freshStore();
    const first = await store.import(tarPath, { repo: 'app' });
    const otherTar = join(work, 'other.tar');
    await writeFile(join(work, 'hello.txt'), 'hello\n');
    const { execFileSync } = await import('node:child_process');
    execFileSync('tar', ['-C', work, '-cf', otherTar, 'hello.txt']);
    const second = await store.import(otherTar, { repo: 'app' });
    expect(second.id).not.toBe(first.id);
    expect(second.repoTags).toEqual(['app:latest']);
    expect((await store.get(first.id))?.repoTags).toEqual([]);
    expect(await readFile(join(store.layerPath(second.id), 'hello.txt'), 'utf8')).toBe('hello\n');
  });

  it('given an image, when removed, then it is gone from the index and disk; removing again finds nothing', async () => {
    const { store, dataDir } = await freshStore();
    const image = await store.import(tarPath, { repo: 'busybox' });
    expect(await store.remove('busybox')).toEqual(image);
    expect(await store.list()).toEqual([]);
    await expect(stat(join(dataDir, 'images', tarHex))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await store.remove(image.id)).toBeUndefined();
  });

  it('given an image, when tagged, then the tag resolves to it; tagging an unknown ref is not found', async () => {
    const { store } = await freshStore();
    const image = await store.import(tarPath);
    expect(image.repoTags).toEqual([]);
    await store.tag(image.id, { repo: 'localhost:5000/team/app', tag: '1.0' });
    expect((await store.get('localhost:5000/team/app:1.0'))?.id).toBe(image.id);
    await expect(store.tag('nope', { repo: 'x' })).rejects.toMatchObject({ kind: 'not_found', message: 'No such image: nope' });
  });

  it('given a file that is not a tarball, when imported, then the error names the file and nothing is stored', async () => {
    const { store, dataDir } = await freshStore();
    const junk = join(work, 'junk.tar');
    await writeFile(junk, 'not a tarball at all');
    const error = await store.import(junk, { repo: 'junk' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HostResourceError);
    expect((error as HostResourceError).message).toContain(junk);
    expect(await store.list()).toEqual([]);
    expect((await import('node:fs')).readdirSync(join(dataDir, 'images', 'tmp'))).toEqual([]);
  });

  it('given an invalid repository name, when imported, then it is an invalid parameter naming it', async () => {
    const { store } = await freshStore();
    await expect(store.import(tarPath, { repo: 'BusyBox' })).rejects.toMatchObject({ kind: 'invalid_parameter', message: expect.stringContaining('"BusyBox"') });
  });
});
