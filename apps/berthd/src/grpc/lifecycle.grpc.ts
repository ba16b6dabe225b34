import { Inject, Injectable } from '@nestjs/common';
import type { ServerUnaryCall } from '@grpc/grpc-js';
import { containerStream, isDomainError } from '@berth/domain';
import type { EventStore } from '@berth/event-store';
import { CommandOutcomes, type CommandOutcome, ContainerService, EVENT_STORE } from '@berth/lifecycle';
import { commandContextOf } from './call-context';
import type { CommandReply } from './generated/berth/v1/CommandReply';
import type { CreateContainerReply } from './generated/berth/v1/CreateContainerReply';
import type { CreateContainerRequest__Output } from './generated/berth/v1/CreateContainerRequest';
import type { LifecycleHandlers } from './generated/berth/v1/Lifecycle';
import { RequestError } from './grpc-errors';
import { containerMessage } from './messages/container-message';
import { containerConfigInput, hostConfigInput } from './messages/host-config-input';
import { unary } from './unary';

/** berth.v1.Lifecycle: the container commands and queries over ContainerService. */
@Injectable()
export class LifecycleGrpc {
  private readonly outcomes: CommandOutcomes;

  constructor(
    private readonly containers: ContainerService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    this.outcomes = new CommandOutcomes(store);
  }

  handlers(): LifecycleHandlers {
    return {
      CreateContainer: unary('CreateContainer', (req, call) => this.create(req, call)),
      StartContainer: unary('StartContainer', (req, call) =>
        this.command(req.container, () =>
          this.containers.start(req.container, commandContextOf(call, req.commandId), {
            ...(req.hostConfig ? { hostConfig: hostConfigInput(req.hostConfig) } : {}),
            ...(req.checkpoint ? { checkpoint: req.checkpoint } : {}),
            ...(req.checkpointDir ? { checkpointDir: req.checkpointDir } : {}),
          }),
        ),
      ),
      StopContainer: unary('StopContainer', (req, call) =>
        this.command(req.container, () =>
          this.containers.stop(req.container, commandContextOf(call, req.commandId), {
            ...(req.timeoutSeconds !== undefined ? { timeoutSeconds: req.timeoutSeconds } : {}),
            ...(req.signal ? { signal: req.signal } : {}),
          }),
        ),
      ),
      KillContainer: unary('KillContainer', (req, call) =>
        this.command(req.container, () =>
          this.containers.kill(
            req.container,
            commandContextOf(call, req.commandId),
            req.signal ? { signal: req.signal } : {},
          ),
        ),
      ),
      PauseContainer: unary('PauseContainer', (req, call) =>
        this.command(req.container, () =>
          this.containers.pause(req.container, commandContextOf(call, req.commandId)),
        ),
      ),
      UnpauseContainer: unary('UnpauseContainer', (req, call) =>
        this.command(req.container, () =>
          this.containers.unpause(req.container, commandContextOf(call, req.commandId)),
        ),
      ),
      RemoveContainer: unary('RemoveContainer', (req, call) =>
        this.command(req.container, () =>
          this.containers.remove(req.container, commandContextOf(call, req.commandId), {
            force: req.force,
            removeVolumes: req.removeVolumes,
          }),
        ),
      ),
      InspectContainer: unary('InspectContainer', async (req) =>
        containerMessage(
          await this.containers.inspect(req.container, req.atPosition > 0 ? req.atPosition : undefined),
        ),
      ),
      ListContainers: unary('ListContainers', async (req) => {
        const states = await this.containers.list(req.atPosition > 0 ? req.atPosition : undefined);
        return { containers: states.filter((s) => req.all || s.State.Running).map(containerMessage) };
      }),
    };
  }

  private async create(
    req: CreateContainerRequest__Output,
    call: ServerUnaryCall<CreateContainerRequest__Output, CreateContainerReply>,
  ): Promise<CreateContainerReply> {
    const ctx = commandContextOf(call, req.commandId);
    if (!req.config?.image) throw new RequestError('config.image is required');
    // A retried create: the container id is chosen per call, so answer the first outcome here.
    if (ctx.commandId) {
      const first = await this.outcomes.find(ctx.commandId);
      if (first?.outcome === 'rejected') CommandOutcomes.rethrow(first);
      if (first) return { id: first.id, position: first.position, warnings: [] };
    }
    const created = await this.containers.create(
      {
        ...(req.name ? { name: req.name } : {}),
        config: containerConfigInput(req.config),
        ...(req.hostConfig ? { hostConfig: hostConfigInput(req.hostConfig) } : {}),
      },
      ctx,
    );
    return { id: created.id, position: created.position, warnings: created.warnings };
  }

  /** Runs a command; NotModified (already started / stopped) is an OK reply with not_modified. */
  private async command(ref: string, run: () => Promise<CommandOutcome>): Promise<CommandReply> {
    try {
      const outcome = await run();
      return { id: outcome.id, position: outcome.position, notModified: false, message: '' };
    } catch (error) {
      if (!isDomainError(error) || error.kind !== 'not_modified') throw error;
      const id = this.containers.resolve(ref);
      const [last] = await this.store.readStream(containerStream(id), {
        direction: 'backwards',
        maxCount: 1,
      });
      return { id, position: last?.position ?? 0, notModified: true, message: error.message };
    }
  }
}
