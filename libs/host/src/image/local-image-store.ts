import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { HostResourceError, errorMessage } from '../errors';
import { Serial } from '../support/serial';
import type { ImageName, ImageRecord, ImageStore, TarballSource } from './image';
import { ImageIndex } from './image-index';
import { formatRepoTag, fullIdHex, resolveImage } from './image-ref';
import { contentSize, unpackTarball } from './unpack';

/** Images under `<dataDir>/images/`: `<hex>/rootfs` layers, `index.json`, and `tmp/` for imports in progress. */
export class LocalImageStore implements ImageStore {
  private readonly root: string;
  private readonly index: ImageIndex;
  private readonly serial = new Serial();

  constructor(dataDir: string) {
    this.root = join(resolve(dataDir), 'images');
    this.index = new ImageIndex(join(this.root, 'index.json'));
  }

  layerPath(id: string): string {
    const hex = fullIdHex(id);
    if (!hex) throw new HostResourceError(`invalid image id "${id}": expected sha256:<64 hex>`, 'mount', 'invalid_parameter');
    return join(this.root, hex, 'rootfs');
  }

  async import(source: TarballSource, name: ImageName = {}): Promise<ImageRecord> {
    const repoTag = formatRepoTag(name);
    const tmp = join(this.root, 'tmp', randomBytes(8).toString('hex'));
    await mkdir(join(tmp, 'rootfs'), { recursive: true, mode: 0o700 });
    try {
      const { tarPath, hex, copied } = await this.hashSource(source, tmp);
      const existing = (await this.index.read()).find((image) => image.id === `sha256:${hex}`);
      if (!existing || !(await exists(this.layerPath(existing.id)))) {
        await unpackTarball(tarPath, join(tmp, 'rootfs'));
        const size = await contentSize(join(tmp, 'rootfs'));
        if (copied) await rm(tarPath, { force: true }); // our copy of a stream, never the caller's file
        await this.serial.run(() => this.install(tmp, hex, size));
      }
      return await this.serial.run(() => this.addTag(`sha256:${hex}`, repoTag));
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  async list(): Promise<ImageRecord[]> {
    return this.index.read();
  }

  async get(ref: string): Promise<ImageRecord | undefined> {
    return resolveImage(await this.index.read(), ref);
  }

  async tag(ref: string, name: ImageName): Promise<ImageRecord> {
    const repoTag = formatRepoTag(name);
    return this.serial.run(async () => {
      const image = resolveImage(await this.index.read(), ref);
      if (!image) throw new HostResourceError(`No such image: ${ref}`, 'mount', 'not_found');
      return this.addTag(image.id, repoTag);
    });
  }

  async remove(ref: string): Promise<ImageRecord | undefined> {
    return this.serial.run(async () => {
      const images = await this.index.read();
      const image = resolveImage(images, ref);
      if (!image) return undefined;
      await this.index.write(images.filter((other) => other.id !== image.id));
      await rm(join(this.layerPath(image.id), '..'), { recursive: true, force: true });
      return image;
    });
  }

  /** Copies the source to `<tmp>/image.tar` (unless it is a file already) while hashing it. */
  private async hashSource(source: TarballSource, tmp: string): Promise<{ tarPath: string; hex: string; copied: boolean }> {
    const hash = createHash('sha256');
    if (typeof source === 'string') {
      try {
        for await (const chunk of createReadStream(source)) hash.update(chunk as Buffer);
      } catch (error) {
        throw new HostResourceError(`cannot read the image tarball ${source}: ${errorMessage(error)}`, 'mount', 'invalid_parameter', { cause: error });
      }
      return { tarPath: resolve(source), hex: hash.digest('hex'), copied: false };
    }
    const tarPath = join(tmp, 'image.tar');
    const file = await open(tarPath, 'w', 0o600);
    try {
      for await (const chunk of source) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        hash.update(bytes);
        await file.write(bytes);
      }
    } finally {
      await file.close();
    }
    return { tarPath, hex: hash.digest('hex'), copied: true };
  }

  /** Moves an unpacked layer into place (replacing a leftover of a crashed import) and indexes it. */
  private async install(tmp: string, hex: string, size: number): Promise<void> {
    const images = await this.index.read();
    const id = `sha256:${hex}`;
    const target = join(this.root, hex);
    if (images.some((image) => image.id === id) && (await exists(join(target, 'rootfs')))) return;
    await rm(target, { recursive: true, force: true });
    await rename(tmp, target);
    await mkdir(tmp, { recursive: true }); // the caller's cleanup removes it
    const record: ImageRecord = { id, repoTags: [], created: new Date().toISOString(), size };
    await this.index.write([...images.filter((image) => image.id !== id), record]);
  }

  /** Puts `repoTag` on image `id`, taking it off any other image (a tag names one image). */
  private async addTag(id: string, repoTag: string | undefined): Promise<ImageRecord> {
    const images = await this.index.read();
    const updated = images.map((image) => {
      if (image.id === id) {
        const repoTags = repoTag && !image.repoTags.includes(repoTag) ? [...image.repoTags, repoTag] : image.repoTags;
        return { ...image, repoTags };
      }
      return repoTag && image.repoTags.includes(repoTag) ? { ...image, repoTags: image.repoTags.filter((tag) => tag !== repoTag) } : image;
    });
    const record = updated.find((image) => image.id === id);
    if (!record) throw new HostResourceError(`No such image: ${id}`, 'mount', 'not_found');
    await this.index.write(updated);
    return record;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
