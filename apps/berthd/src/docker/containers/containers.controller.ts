import { Controller, Delete, Get, Inject, Post, Req, Res, UseFilters } from '@nestjs/common';
import { containerStream, type ContainerState, DomainError, invalidParameter, parseSignal } from '@berth/domain';
import type { HostResources } from '@berth/host';
import { ContainerService, HOST, LIFECYCLE_OPTIONS, type LifecycleOptions, StreamWatcher } from '@berth/lifecycle';
import type { Request, Response } from 'express';
import { DockerErrorFilter } from '../http/docker-error.filter';
import { sendEmpty, sendJson } from '../http/docker-json';
import { queryBool, queryFilters, queryInt, queryOneOf, queryString } from '../http/query';
import { dockerContext } from '../http/request-context';
import { type ContainerFacts, inspectJson, psJson } from '../mapping/container-json';
import { mapCreateBody } from './create-body.mapper';
import { matchesFilters } from './list-filters';
import { frame, readLog } from './log-follower';
import { streamOutput } from './output-stream';

/** The Docker Engine API's container routes: thin adapters over ContainerService. */
@Controller('containers')
@UseFilters(DockerErrorFilter)
export class ContainersController {
  constructor(
    private readonly service: ContainerService,
    private readonly watcher: StreamWatcher,
    @Inject(HOST) private readonly host: HostResources,
    @Inject(LIFECYCLE_OPTIONS) private readonly options: LifecycleOptions,
  ) {}

  private async facts(state: ContainerState): Promise<ContainerFacts> {
    const image = state.config.image ? await this.host.images.get(state.config.image) : undefined;
    return { imageId: image?.id ?? '', logPath: this.host.containers.logPath(state.id), dataDir: this.options.dataDir };
  }

  @Post('create')
  async create(@Req() req: Request, @Res() res: Response): Promise<void> {
    const name = queryString(req.query, 'name');
    const { config, hostConfig } = mapCreateBody(req.body);
    const created = await this.service.create({ name, config, hostConfig }, dockerContext(req));
    sendJson(res, 201, { Id: created.id, Warnings: created.warnings });
  }

  @Get('json')
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const all = queryBool(req.query, 'all');
    const limit = queryInt(req.query, 'limit');
    const filters = queryFilters(req.query);
    const now = Date.now();
    let states = (await this.service.list()).filter((s) => (all || s.State.Running || filters.has('status') || filters.has('exited')) && matchesFilters(s, filters));
    states = states.sort((a, b) => Date.parse(b.created) - Date.parse(a.created));
    if (limit !== undefined && limit > 0) states = states.slice(0, limit);
    sendJson(res, 200, await Promise.all(states.map(async (s) => psJson(s, await this.facts(s), now))));
  }

  @Get(':id/json')
  async inspect(@Req() req: Request, @Res() res: Response): Promise<void> {
    const state = await this.service.inspect(req.params.id as string);
    sendJson(res, 200, inspectJson(state, await this.facts(state)));
  }

  @Post(':id/start')
  async start(@Req() req: Request, @Res() res: Response): Promise<void> {
    const checkpoint = queryString(req.query, 'checkpoint');
    await this.service.start(req.params.id as string, dockerContext(req), checkpoint ? { checkpoint } : {});
    sendEmpty(res, 204);
  }

  @Post(':id/stop')
  async stop(@Req() req: Request, @Res() res: Response): Promise<void> {
    const timeoutSeconds = queryInt(req.query, 't');
    const signal = queryString(req.query, 'signal');
    await this.service.stop(req.params.id as string, dockerContext(req), { timeoutSeconds, signal });
    sendEmpty(res, 204);
  }

  @Post(':id/restart')
  async restart(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.service.restart(req.params.id as string, dockerContext(req), { timeoutSeconds: queryInt(req.query, 't') });
    sendEmpty(res, 204);
  }

  @Post(':id/kill')
  async kill(@Req() req: Request, @Res() res: Response): Promise<void> {
    const ref = req.params.id as string;
    const signal = queryString(req.query, 'signal');
    if (signal !== undefined) parseSignal(signal); // the router's check: an invalid signal is not wrapped
    try {
      await this.service.kill(ref, dockerContext(req), { signal });
    } catch (error) {
      // moby's router wraps every kill error: "Cannot kill container: <name>: <error>".
      if (error instanceof DomainError) throw new DomainError(error.kind, `Cannot kill container: ${ref}: ${error.message}`);
      throw error;
    }
    sendEmpty(res, 204);
  }

  @Post(':id/pause')
  async pause(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.service.pause(req.params.id as string, dockerContext(req));
    sendEmpty(res, 204);
  }

  @Post(':id/unpause')
  async unpause(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.service.unpause(req.params.id as string, dockerContext(req));
    sendEmpty(res, 204);
  }

  @Delete(':id')
  async remove(@Req() req: Request, @Res() res: Response): Promise<void> {
    const force = queryBool(req.query, 'force');
    const removeVolumes = queryBool(req.query, 'v');
    if (queryBool(req.query, 'link')) throw invalidParameter('links are not supported by berth');
    await this.service.remove(req.params.id as string, dockerContext(req), { force, removeVolumes });
    sendEmpty(res, 204);
  }

  /** Headers at once (the CLI sends start only after they arrive), the status at exit. */
  @Post(':id/wait')
  async wait(@Req() req: Request, @Res() res: Response): Promise<void> {
    const condition = queryOneOf(req.query, 'condition', ['not-running', 'next-exit', 'removed'] as const) ?? 'not-running';
    const id = this.service.resolve(req.params.id as string);
    // The position is taken before the headers go out: the CLI sends start as soon as they arrive,
    // and an exit after this point must not be missed.
    const after = await this.service.streamPosition(id);
    const closed = new AbortController();
    res.on('close', () => closed.abort());
    const waiting = this.service.wait(id, condition, closed.signal, after);
    res.status(200);
    res.setHeader('Content-Type', 'application/json');
    res.flushHeaders();
    try {
      const { statusCode } = await waiting;
      res.end(`${JSON.stringify({ StatusCode: statusCode, Error: null })}\n`);
    } catch (error) {
      res.end(`${JSON.stringify({ StatusCode: -1, Error: { Message: error instanceof Error ? error.message : String(error) } })}\n`);
    }
  }

  @Get(':id/logs')
  async logs(@Req() req: Request, @Res() res: Response): Promise<void> {
    const stdout = queryBool(req.query, 'stdout');
    const stderr = queryBool(req.query, 'stderr');
    if (!stdout && !stderr) throw invalidParameter('you must choose at least one stream (stdout or stderr)');
    const follow = queryBool(req.query, 'follow');
    const timestamps = queryBool(req.query, 'timestamps');
    const tailRaw = queryString(req.query, 'tail') ?? 'all';
    const tail = tailRaw === 'all' ? undefined : Number(tailRaw);
    if (tail !== undefined && !(Number.isInteger(tail) && tail >= 0)) throw invalidParameter(`invalid value for tail: ${JSON.stringify(tailRaw)}`);
    // State and position from one read of the stream: an exit after it is seen by the follow below.
    const { state, position } = await this.service.snapshot(req.params.id as string);
    const path = this.host.containers.logPath(state.id);
    const closed = new AbortController();
    res.on('close', () => closed.abort());
    res.status(200);
    res.setHeader('Content-Type', state.config.tty ? 'application/vnd.docker.raw-stream' : 'application/vnd.docker.multiplexed-stream');
    res.flushHeaders();
    const entries: { stream: 'stdout' | 'stderr'; text: string }[] = [];
    const emit = (stream: 'stdout' | 'stderr', text: string): void => {
      const payload = Buffer.from(text, 'utf8');
      res.write(state.config.tty ? payload : frame(stream, payload));
    };
    const offset = await readLog(path, 0, (e) => {
      if ((e.stream === 'stdout' && stdout) || (e.stream === 'stderr' && stderr)) entries.push({ stream: e.stream, text: timestamps ? `${e.time} ${e.log}` : e.log });
    });
    for (const e of tail === undefined ? entries : entries.slice(Math.max(0, entries.length - tail))) emit(e.stream, e.text);
    if (follow && state.State.Running) {
      let ended = false;
      void this.watcher
        .waitFor(containerStream(state.id), position, (e) => (e.type === 'ContainerExited' || e.type === 'ContainerRemoved' ? true : undefined), { signal: closed.signal })
        .then(
          () => (ended = true),
          () => (ended = true),
        );
      await readLog(path, offset, (e) => {
        if ((e.stream === 'stdout' && stdout) || (e.stream === 'stderr' && stderr)) emit(e.stream, timestamps ? `${e.time} ${e.log}` : e.log);
      }, { follow: true, done: () => ended, signal: closed.signal });
    }
    res.end();
  }

  /** Attach without a connection upgrade (dockerode without hijack): the output as the response body. */
  @Post(':id/attach')
  async attach(@Req() req: Request, @Res() res: Response): Promise<void> {
    const { state, position, wanted } = await this.attachTarget(req.params.id as string, req.query);
    const closed = new AbortController();
    res.on('close', () => closed.abort());
    res.status(200);
    res.setHeader('Content-Type', state.config.tty ? 'application/vnd.docker.raw-stream' : 'application/vnd.docker.multiplexed-stream');
    res.flushHeaders();
    await streamOutput(res, state, position, this.host.containers.logPath(state.id), this.watcher, wanted, closed.signal);
    res.end();
  }

  /** Resolves what an attach (plain or upgraded) follows. */
  async attachTarget(
    ref: string,
    query: Record<string, unknown>,
  ): Promise<{ state: ContainerState; position: number; wanted: { stdout: boolean; stderr: boolean } }> {
    const { state, position } = await this.service.snapshot(ref);
    if (state.State.Paused) throw invalidParameter(`container ${state.id} is paused, unpause the container before attach`);
    return { state, position, wanted: { stdout: queryBool(query, 'stdout'), stderr: queryBool(query, 'stderr') } };
  }
}

