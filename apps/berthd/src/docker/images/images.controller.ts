import { Controller, Delete, Get, Inject, Post, Req, Res, UseFilters } from '@nestjs/common';
import { conflict, invalidParameter, notFound } from '@berth/domain';
import type { HostResources, ImageRecord } from '@berth/host';
import { ContainerService, HOST } from '@berth/lifecycle';
import type { Request, Response } from 'express';
import { Transform, type TransformCallback } from 'node:stream';
import { DockerErrorFilter } from '../http/docker-error.filter';
import { sendJson } from '../http/docker-json';
import { queryString } from '../http/query';

/** Bound of an imported tarball. */
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024 * 1024;

/** Counts bytes and fails the stream past a bound. */
class Bounded extends Transform {
  private seen = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) done(new Error(`the image tarball exceeds ${this.limit} bytes`));
    else done(null, chunk);
  }
}

const imageSegments = (req: Request): string[] => {
  const value: unknown = req.params.ref;
  return (Array.isArray(value) ? value : [String(value)]).map(String);
};

/** dockerd names an unknown image by its normalised reference: a missing tag is `latest`. */
const normalisedRef = (ref: string): string => {
  const lastSegment = ref.slice(ref.lastIndexOf('/') + 1);
  return /^(sha256:)?[0-9a-f]{12,64}$/.test(ref) || lastSegment.includes(':') || ref.includes('@') ? ref : `${ref}:latest`;
};
const unknownImage = (ref: string): Error => notFound(`No such image: ${normalisedRef(ref)}`);
/** dockerd 20.10's image inspect wraps the lookup error once more. */
const unknownImageToInspect = (ref: string): Error =>
  notFound(`no such image: ${ref}: No such image: ${normalisedRef(ref)}`);

const created = (image: ImageRecord): number => Math.floor(Date.parse(image.created) / 1000);

/** Images: import (`docker import`), list, inspect, remove. No registry: pulling is not implemented. */
@Controller('images')
@UseFilters(DockerErrorFilter)
export class ImagesController {
  constructor(
    private readonly service: ContainerService,
    @Inject(HOST) private readonly host: HostResources,
  ) {}

  @Post('create')
  async create(@Req() req: Request, @Res() res: Response): Promise<void> {
    const fromSrc = queryString(req.query, 'fromSrc');
    const fromImage = queryString(req.query, 'fromImage');
    if (fromImage !== undefined) {
      throw notFound(`pull access denied for ${fromImage}: not implemented (berth has no registry client; import a rootfs tarball with docker import)`);
    }
    if (fromSrc !== '-') throw invalidParameter('fromSrc must be "-" (the tarball as the request body): importing from a URL is not implemented');
    const repoParam = queryString(req.query, 'repo');
    let repo = repoParam;
    let tag = queryString(req.query, 'tag');
    if (repo && tag === undefined) {
      const at = repo.lastIndexOf(':');
      if (at > repo.lastIndexOf('/')) [repo, tag] = [repo.slice(0, at), repo.slice(at + 1)];
    }
    const image = await this.host.images.import(req.pipe(new Bounded(MAX_IMPORT_BYTES)), repo ? { repo, tag } : {});
    res.status(200);
    res.setHeader('Content-Type', 'application/json');
    res.end(`${JSON.stringify({ status: image.id })}\n`);
  }

  @Get('json')
  async list(@Res() res: Response): Promise<void> {
    const images = await this.host.images.list();
    sendJson(
      res,
      200,
      images.map((i) => ({
        Id: i.id,
        ParentId: '',
        RepoTags: i.repoTags.length ? i.repoTags : ['<none>:<none>'],
        RepoDigests: [],
        Created: created(i),
        Size: i.size,
        VirtualSize: i.size,
        SharedSize: -1,
        Labels: null,
        Containers: -1,
      })),
    );
  }

  /** `GET /images/{name}/json`; names may hold slashes (`localhost:5000/team/app`). */
  @Get('*ref')
  async inspect(@Req() req: Request, @Res() res: Response): Promise<void> {
    const segments = imageSegments(req);
    if (segments.at(-1) !== 'json' || segments.length < 2) throw notFound('page not found');
    const ref = segments.slice(0, -1).join('/');
    const image = await this.host.images.get(ref);
    if (!image) throw unknownImageToInspect(ref);
    sendJson(res, 200, {
      Id: image.id,
      RepoTags: image.repoTags,
      RepoDigests: [],
      Parent: '',
      Comment: 'Imported from -',
      Created: image.created,
      Container: '',
      DockerVersion: '',
      Author: '',
      Config: { Env: null, Cmd: null, Entrypoint: null, WorkingDir: '', Labels: null },
      Architecture: 'amd64',
      Os: 'linux',
      Size: image.size,
      VirtualSize: image.size,
      GraphDriver: { Name: 'overlay2', Data: { UpperDir: this.host.images.layerPath(image.id) } },
      RootFS: { Type: 'layers', Layers: [image.id] },
      Metadata: { LastTagTime: '0001-01-01T00:00:00Z' },
    });
  }

  @Delete('*ref')
  async remove(@Req() req: Request, @Res() res: Response): Promise<void> {
    const ref = imageSegments(req).join('/');
    const image = await this.host.images.get(ref);
    if (!image) throw unknownImage(ref);
    for (const container of await this.service.list()) {
      const used = container.config.image && (await this.host.images.get(container.config.image))?.id === image.id;
      if (used) {
        const how = container.State.Running ? 'running' : 'stopped';
        throw conflict(`conflict: unable to delete ${image.id.slice(7, 19)} (must be forced) - image is being used by ${how} container ${container.id.slice(0, 12)}`);
      }
    }
    const removed = await this.host.images.remove(image.id);
    sendJson(res, 200, [...(removed?.repoTags ?? []).map((t) => ({ Untagged: t })), { Deleted: image.id }]);
  }
}
