import type { Readable } from 'node:stream';

/** An imported image: one read-only layer unpacked from a rootfs tarball. */
export interface ImageRecord {
  /** `sha256:<64 hex>` of the tarball's bytes. */
  readonly id: string;
  /** `repo:tag` names, e.g. `busybox:latest`; empty when imported without a name. */
  readonly repoTags: readonly string[];
  /** ISO 8601 time of the import. */
  readonly created: string;
  /** Bytes of file content in the unpacked layer. */
  readonly size: number;
}

/** A tarball: a file path, or a byte stream (e.g. the body of `POST /images/create?fromSrc=-`). */
export type TarballSource = string | Readable | AsyncIterable<Uint8Array>;

export interface ImageName {
  /** Repository, e.g. `busybox` or `localhost:5000/team/app`; omitted = untagged import. */
  readonly repo?: string;
  /** Tag; defaults to `latest` when a repo is given. */
  readonly tag?: string;
}

/**
 * The image store port: `<dataDir>/images/<hex>/rootfs` layers and a JSON index written
 * atomically. Refusing to remove an image a container uses is the caller's job.
 */
export interface ImageStore {
  /** Unpacks a rootfs tarball (plain, gzip, bzip2 or xz) as a layer; importing the same bytes again only adds the name. */
  import(source: TarballSource, name?: ImageName): Promise<ImageRecord>;
  list(): Promise<ImageRecord[]>;
  /** By full id (with or without `sha256:`), `repo[:tag]`, or a unique id prefix; undefined when none or ambiguous. */
  get(ref: string): Promise<ImageRecord | undefined>;
  /** Adds `repo:tag` to an image (moving it from any other image). Throws not_found for an unknown ref. */
  tag(ref: string, name: ImageName): Promise<ImageRecord>;
  /** Deletes the image and its layer; resolves with what was removed, undefined when there was none. */
  remove(ref: string): Promise<ImageRecord | undefined>;
  /** The read-only layer directory of an image id (`sha256:…` or hex); it may not exist. */
  layerPath(id: string): string;
}
