import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HostResourceError, errorMessage } from '../errors';
import { writeFileAtomic } from '../support/atomic-write';
import type { ImageRecord } from './image';

interface IndexFile {
  readonly version: 1;
  readonly images: ImageRecord[];
}

function isImageRecord(value: unknown): value is ImageRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.id === 'string' &&
    typeof record.created === 'string' &&
    typeof record.size === 'number' &&
    Array.isArray(record.repoTags) &&
    record.repoTags.every((tag) => typeof tag === 'string')
  );
}

/** The image index: `<dataDir>/images/index.json`, rewritten atomically on every change. */
export class ImageIndex {
  constructor(readonly path: string) {}

  async read(): Promise<ImageRecord[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT') return [];
      throw new HostResourceError(`cannot read the image index ${this.path}: ${errorMessage(error)}`, 'mount', 'system', { cause: error });
    }
    try {
      const parsed: unknown = JSON.parse(text);
      const images = typeof parsed === 'object' && parsed !== null && 'images' in parsed ? parsed.images : undefined;
      if (!Array.isArray(images) || !images.every(isImageRecord)) throw new Error('unexpected content');
      return images;
    } catch (error) {
      throw new HostResourceError(
        `the image index ${this.path} is corrupted (${errorMessage(error)}); restore it or remove the images directory`,
        'mount',
        'system',
        { cause: error },
      );
    }
  }

  async write(images: readonly ImageRecord[]): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const file: IndexFile = { version: 1, images: [...images] };
    await writeFileAtomic(this.path, `${JSON.stringify(file, null, 2)}\n`);
  }
}
