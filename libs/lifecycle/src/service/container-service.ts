import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  containerStream,
  type ContainerConfigInput,
  type ContainerState,
  DomainError,
  type HostConfigInput,
  isDomainError,
  notFound,
  resolveContainerReference,
  SIGKILL,
} from '@berth/domain';
import type { RecordedEvent } from '@berth/event-store';
import { errorMessage, type HostResources, isNotFound } from '@berth/host';
import type { Runtime } from '@berth/runtime';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { CommandContext } from '../command/command-context';
import type { ExecuteResult } from '../command/command-executor';
import { ContainerRepository } from '../command/container-repository';
import {
  CreateContainerCommand,
  KillContainerCommand,
  PauseContainerCommand,
  RemoveContainerCommand,
  StartContainerCommand,
  StopContainerCommand,
  UnpauseContainerCommand,
} from '../command/handlers/container-commands';
import { NameRegistry } from '../command/name-registry';
import { READ_MODEL } from '../projection/read-model.provider';
import type { ReadModelStore } from '../projection/read-model.store';
import { HOST, RUNTIME } from '../tokens';
import { randomContainerName } from './container-names';
import { StartFailedError } from './start-failed.error';
import { StreamWatcher } from './stream-watcher';

export interface CreateContainerInput {
  readonly name?: string;
  readonly config: ContainerConfigInput;
  readonly hostConfig?: HostConfigInput;
}

export interface CommandOutcome {
  readonly id: string;
  /** Log position written (read-your-writes: pass it to queries). */
  readonly position: number;
}

export type WaitCondition = 'not-running' | 'next-exit' | 'removed';

/** Bounds of the synchronous calls. */
export interface ServiceTimeouts {
  readonly startMs: number;
  readonly removeMs: number;
  readonly readModelMs: number;
}

const DEFAULT_TIMEOUTS: ServiceTimeouts = { startMs: 60_000, removeMs: 60_000, readModelMs: 10_000 };

/**
 * The application service every API (Docker REST, gRPC, CLI) calls: commands through the CQRS
 * command bus, synchronous where Docker is (start returns when the saga reached ContainerStarted,
 * or StartFailed + CleanupCompleted), and read-your-writes queries on the read model.
 */
@Injectable()
export class ContainerService {
  timeouts: ServiceTimeouts = DEFAULT_TIMEOUTS;

  constructor(
    private readonly commandBus: CommandBus,
    private readonly repository: ContainerRepository,
    private readonly names: NameRegistry,
    private readonly watcher: StreamWatcher,
    @Inject(READ_MODEL) private readonly model: ReadModelStore<ContainerState>,
    @Inject(RUNTIME) private readonly runtime: Runtime,
    @Inject(HOST) private readonly host: HostResources,
  ) {}

  /** Resolves a reference (full id, name, unique id prefix) to an id. */
  resolve(ref: string): string {
    return resolveContainerReference(ref, {
      byName: (name) => this.model.idByName(name),
      idsWithPrefix: (prefix) => this.model.idsWithPrefix(prefix),
    });
  }

  async create(
    input: CreateContainerInput,
    ctx: CommandContext,
  ): Promise<CommandOutcome & { warnings: string[] }> {
    // A retry with the same command id must address the same container: derive its id from the key.
    const id = ctx.commandId ? createHash('sha256').update(`berth:create:${ctx.commandId}`).digest('hex') : randomBytes(32).toString('hex');
    const image = input.config.image ? await this.host.images.get(input.config.image) : undefined;
    // The process runtime runs host binaries: there the image is a label, not a rootfs.
    if (input.config.image && !image && this.runtime.name !== 'process')
      throw notFound(`No such image: ${input.config.image}`);
    let name = input.name;
    for (let attempt = 0; name === undefined || name === ''; attempt++) {
      const candidate = randomContainerName(attempt);
      if (this.model.idByName(`/${candidate}`) === undefined) name = candidate;
    }
    const canonical = await this.names.reserve(name, id);
    if (image) await this.host.overlay.prepare(id, image.id);
    const result = await this.commandBus.execute(
      new CreateContainerCommand(
        id,
        {
          id,
          name: canonical,
          config: input.config,
          hostConfig: input.hostConfig ?? {},
          createdAt: new Date().toISOString(),
        },
        ctx,
      ),
    );
    await this.model.waitFor(result.position, this.timeouts.readModelMs);
    return { id, position: result.position, warnings: [] };
  }

  /**
   * Starts a container and returns when its start saga reached ContainerStarted; throws the
   * saga's error (StartFailedError: invalid parameter for exit 126/127, else system) after
   * StartFailed + CleanupCompleted.
   */
  async start(
    ref: string,
    ctx: CommandContext,
    options: { hostConfig?: HostConfigInput; checkpoint?: string; checkpointDir?: string } = {},
  ): Promise<CommandOutcome> {
    const id = this.resolve(ref);
    const startId = randomUUID();
    const result = await this.whenNotBusy(id, () =>
      this.commandBus.execute(
        new StartContainerCommand(
          id,
          { container: ref, startId, requestedAt: new Date().toISOString(), ...options },
          ctx,
        ),
      ),
    );
    // A retried command id replays the first outcome: follow the start it requested.
    const requested = result.events.find((e) => e.type === 'StartRequested');
    const requestedId = requested?.type === 'StartRequested' ? requested.data.startId : startId;
    let failure: { error: string; stage: string; exitCode: number } | undefined;
    const outcome = await this.watcher.waitFor(
      containerStream(id),
      result.position - 1,
      (event) => {
        const data = event.data as { startId?: string; error?: string; stage?: string; exitCode?: number };
        if (data.startId !== requestedId) return undefined;
        if (event.type === 'ContainerStarted') return { ok: true as const, position: event.position };
        if (event.type === 'StartFailed')
          failure = { error: data.error ?? '', stage: data.stage ?? '', exitCode: data.exitCode ?? 128 };
        if (event.type === 'CleanupCompleted') return { ok: false as const, position: event.position };
        return undefined;
      },
      { timeoutMs: this.timeouts.startMs, what: 'the start to complete' },
    );
    await this.model.waitFor(outcome.position, this.timeouts.readModelMs);
    if (!outcome.ok) {
      const f = failure ?? { error: 'start failed', stage: 'start', exitCode: 128 };
      throw new StartFailedError(f.error, f.stage as StartFailedError['stage'], f.exitCode);
    }
    return { id, position: outcome.position };
  }

  /** Docker's stop: the signal (default SIGTERM), then SIGKILL after the timeout (default 10 s; -1 = wait for ever). */
  async stop(
    ref: string,
    ctx: CommandContext,
    options: { timeoutSeconds?: number; signal?: string } = {},
  ): Promise<CommandOutcome> {
    const id = this.resolve(ref);
    const result = await this.whenNotBusy(id, () =>
      this.commandBus.execute(new StopContainerCommand(id, { container: ref, ...options }, ctx)),
    );
    const requested = result.events.find((e) => e.type === 'StopRequested');
    // A restarting container has no task: the stop only cancelled the pending restart.
    if (!requested || requested.type !== 'StopRequested' || !result.state.State.Running)
      return this.settled(id, result.position);
    const { signal, timeoutSeconds } = requested.data;
    await this.signal(id, signal);
    const exited = await this.exitAfter(
      id,
      result.position,
      timeoutSeconds < 0 ? undefined : timeoutSeconds * 1000,
    ).catch(() => undefined);
    if (exited !== undefined) return this.settled(id, exited);
    // The timeout passed: SIGKILL, recorded as a Killed event (dockerd's kill 9 event).
    await this.commandBus.execute(new KillContainerCommand(id, { container: ref, signal: String(SIGKILL) }, ctx)).catch(() => undefined);
    await this.signal(id, SIGKILL);
    return this.settled(id, await this.exitAfter(id, result.position, 30_000));
  }

  async kill(ref: string, ctx: CommandContext, options: { signal?: string } = {}): Promise<CommandOutcome> {
    const id = this.resolve(ref);
    const result = await this.whenNotBusy(id, () =>
      this.commandBus.execute(new KillContainerCommand(id, { container: ref, ...options }, ctx)),
    );
    const killed = result.events.find((e) => e.type === 'Killed');
    if (killed && killed.type === 'Killed') {
      await this.signal(id, killed.data.signal);
      if (killed.data.signal === SIGKILL)
        return this.settled(id, await this.exitAfter(id, result.position, 30_000));
    }
    return this.settled(id, result.position);
  }

  async pause(ref: string, ctx: CommandContext): Promise<CommandOutcome> {
    const id = this.resolve(ref);
    const result = await this.whenNotBusy(id, () =>
      this.commandBus.execute(
        new PauseContainerCommand(id, { container: ref }, ctx, {
          beforeAppend: () => this.runtime.pause(id),
        }),
      ),
    );
    return this.settled(id, result.position);
  }

  async unpause(ref: string, ctx: CommandContext): Promise<CommandOutcome> {
    const id = this.resolve(ref);
    const result = await this.whenNotBusy(id, () =>
      this.commandBus.execute(
        new UnpauseContainerCommand(id, { container: ref }, ctx, {
          beforeAppend: () => this.runtime.resume(id),
        }),
      ),
    );
    return this.settled(id, result.position);
  }

  /** Removes a container (force kills a running one first); returns when ContainerRemoved is stored. */
  async remove(
    ref: string,
    ctx: CommandContext,
    options: { force?: boolean; removeVolumes?: boolean } = {},
  ): Promise<CommandOutcome> {
    const id = this.resolve(ref);
    const result = await this.whenNotBusy(id, () =>
      this.commandBus.execute(
        new RemoveContainerCommand(
          id,
          { container: ref, force: options.force ?? false, removeVolumes: options.removeVolumes ?? false },
          ctx,
        ),
      ),
    );
    if (result.events.some((e) => e.type === 'Killed')) await this.signal(id, SIGKILL);
    const removed = await this.watcher.waitFor(
      containerStream(id),
      result.position - 1,
      (e) => (e.type === 'ContainerRemoved' ? e.position : undefined),
      {
        timeoutMs: this.timeouts.removeMs,
        what: 'the removal',
      },
    );
    return this.settled(id, removed);
  }

  async restart(
    ref: string,
    ctx: CommandContext,
    options: { timeoutSeconds?: number } = {},
  ): Promise<CommandOutcome> {
    try {
      await this.stop(ref, ctx, options);
    } catch (error) {
      if (!(isDomainError(error) && error.kind === 'not_modified')) throw error;
    }
    return this.start(ref, ctx);
  }

  /** Docker's wait: the exit status at the next exit (or now, for a stopped container and not-running). */
  async wait(
    ref: string,
    condition: WaitCondition = 'not-running',
    signal?: AbortSignal,
    /** Watch for the exit after this position (the caller took it before telling its client to go on). */
    after?: number,
  ): Promise<{ statusCode: number; error?: string }> {
    const id = this.resolve(ref);
    const { state, position } = await this.repository.load(id);
    if (condition === 'not-running' && !state.State.Running) return { statusCode: state.State.ExitCode };
    // The exit code as the stream tells it (the read model may already have dropped a removed container).
    let exitCode = state.State.ExitCode;
    return this.watcher.waitFor(
      containerStream(id),
      after ?? position,
      (event) => {
        const data = event.data as { exitCode?: number };
        if ((event.type === 'ContainerExited' || event.type === 'StartFailed') && data.exitCode !== undefined) exitCode = data.exitCode;
        if (condition !== 'removed' && event.type === 'ContainerExited') return { statusCode: exitCode };
        if (event.type === 'ContainerRemoved') return { statusCode: exitCode };
        return undefined;
      },
      { signal, what: `condition ${condition}` },
    );
  }

  /** The container's state and the position of its last event, read together from its stream. */
  async snapshot(ref: string): Promise<{ state: ContainerState; position: number }> {
    const { state, position } = await this.repository.load(this.resolve(ref));
    if (!state.exists) throw notFound(`No such container: ${ref}`);
    return { state, position };
  }

  /** Position of the container's last event (0 when it has none). */
  async streamPosition(ref: string): Promise<number> {
    return (await this.repository.load(this.resolve(ref))).position;
  }

  /** The container as inspect shows it; with `atPosition`, after the read model has applied it. */
  async inspect(ref: string, atPosition?: number): Promise<ContainerState> {
    if (atPosition !== undefined) await this.model.waitFor(atPosition, this.timeouts.readModelMs);
    const row = this.model.get(this.resolve(ref));
    if (!row) throw notFound(`No such container: ${ref}`);
    return row.state;
  }

  async list(atPosition?: number): Promise<ContainerState[]> {
    if (atPosition !== undefined) await this.model.waitFor(atPosition, this.timeouts.readModelMs);
    return this.model.list().map((row) => row.state);
  }

  /** The container's stored events (its history). */
  history(ref: string): Promise<RecordedEvent[]> {
    return this.repository.events(this.resolve(ref));
  }

  private async settled(id: string, position: number): Promise<CommandOutcome> {
    await this.model.waitFor(position, this.timeouts.readModelMs);
    return { id, position };
  }

  private async signal(id: string, signal: number): Promise<void> {
    try {
      await this.runtime.kill(id, signal);
    } catch (error) {
      if (!isNotFound(error))
        throw new DomainError('system', `Cannot kill container ${id}: ${errorMessage(error)}`);
    }
  }

  /** Position of the first ContainerExited after `after`. */
  private exitAfter(id: string, after: number, timeoutMs: number | undefined): Promise<number> {
    return this.watcher.waitFor(
      containerStream(id),
      after,
      (e) => (e.type === 'ContainerExited' ? e.position : undefined),
      {
        timeoutMs,
        what: 'the container to exit',
      },
    );
  }

  /**
   * Runs a command; while the domain says the container is busy (a start in flight, a cleanup
   * pending), waits for its next event and tries again — dockerd's container lock, as events.
   */
  private async whenNotBusy(id: string, send: () => Promise<ExecuteResult>): Promise<ExecuteResult> {
    const deadline = Date.now() + this.timeouts.startMs;
    for (;;) {
      const { position } = await this.repository.load(id);
      try {
        return await send();
      } catch (error) {
        if (!(isDomainError(error) && error.reason === 'busy') || Date.now() > deadline) throw error;
        await this.watcher
          .waitFor(containerStream(id), position, () => true, {
            timeoutMs: Math.max(0, deadline - Date.now()),
            what: 'the container to settle',
          })
          .catch(() => undefined);
      }
    }
  }
}
