import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type CleanupStep,
  type ContainerCommand,
  type ContainerState,
  isCleanupPending,
  isStartInFlight,
  type MountRecord,
  nextStartStep,
  type StartStage,
  type StartStep,
} from '@berth/domain';
import { errorMessage, type HostResources, isNotFound, type Network } from '@berth/host';
import type { Runtime } from '@berth/runtime';
import { existsSync } from 'node:fs';
import { SAGA } from '../command/command-context';
import { CommandExecutor } from '../command/command-executor';
import { ContainerRepository } from '../command/container-repository';
import { HOST, NETWORK, RUNTIME } from '../tokens';
import { crashPoint } from './fault-injection';
import { RestartTimers } from './restart-timers';
import { taskSpecOf } from './task-spec';

type Step<K extends StartStep['kind']> = Extract<StartStep, { kind: K }>;
interface StageRef {
  current: StartStage;
}

/**
 * The start saga's effects. The saga itself is data (the domain's nextStartStep): this class
 * performs the step it names — mount, network, runtime create+start, the compensating cleanup,
 * AutoRemove — and records the outcome with the matching Record* command, whose event ids derive
 * from the start id and the step, so a step re-run after a crash appends nothing twice. Every
 * acquire is idempotent (an existing mount, netns or task is reused), so nothing is acquired twice.
 */
@Injectable()
export class StartSaga {
  private readonly logger = new Logger('StartSaga');

  constructor(
    private readonly repository: ContainerRepository,
    private readonly executor: CommandExecutor,
    private readonly restarts: RestartTimers,
    @Inject(RUNTIME) private readonly runtime: Runtime,
    @Inject(HOST) private readonly host: HostResources,
    @Inject(NETWORK) private readonly network: Network,
  ) {}

  /** Drives one container until its saga has nothing left to do. */
  async drive(id: string): Promise<void> {
    for (let guard = 0; guard < 20; guard++) {
      const { state } = await this.repository.load(id);
      if (!state.exists) return;
      const step = nextStartStep(state);
      switch (step.kind) {
        case 'mount':
          await this.perform(state, step.startId, 'mount', () => this.mount(state, step));
          break;
        case 'network':
          await this.perform(state, step.startId, 'network', () => this.initializeNetwork(state, step));
          break;
        case 'runtime':
          await this.perform(state, step.startId, 'runtime', (stage) =>
            this.createAndStart(state, step, stage),
          );
          break;
        case 'cleanup':
          await this.cleanup(state, step);
          break;
        case 'remove':
          await this.executor.execute(
            id,
            { type: 'RemoveContainer', data: { container: id, force: true, removeVolumes: true } },
            SAGA,
            {
              idSeed: `${step.startId}:autoremove`,
            },
          );
          crashPoint('remove');
          break;
        case 'none':
          if (this.removable(state)) {
            await this.finishRemoval(state);
            break;
          }
          this.restarts.sync(state);
          return;
      }
    }
    this.logger.warn(`container ${id}: saga did not settle after 20 steps`);
  }

  private removable(state: ContainerState): boolean {
    return (
      state.removalInProgress && !state.State.Running && !isStartInFlight(state) && !isCleanupPending(state)
    );
  }

  /** Runs an acquire; its failure is recorded as StartFailed at the stage it reached, its success with the command it returns. */
  private async perform(
    state: ContainerState,
    startId: string,
    step: string,
    acquire: (stage: StageRef) => Promise<ContainerCommand>,
  ): Promise<void> {
    const stage: StageRef = { current: step === 'runtime' ? 'spec' : (step as StartStage) };
    let command: ContainerCommand;
    try {
      command = await acquire(stage);
    } catch (error) {
      return this.fail(state, startId, stage.current, error);
    }
    await this.record(state, startId, step, command);
  }

  private async mount(state: ContainerState, step: Step<'mount'>): Promise<ContainerCommand> {
    const id = state.id;
    const image = state.config.image ? await this.host.images.get(state.config.image) : undefined;
    // create prepares the writable layer; a container created by another writer of the log may not have one yet.
    if (image && !existsSync(this.host.containers.paths(id).overlayConfig))
      await this.host.overlay.prepare(id, image.id);
    const { baseFs } = image ? await this.host.overlay.mount(id) : await this.host.containers.prepare(id);
    const volumeMounts = await this.host.volumes.acquire(
      id,
      state.hostConfig.binds,
      state.hostConfig.mounts.map((m) => ({
        Type: m.type,
        Source: m.source,
        Target: m.target,
        ReadOnly: m.readOnly,
      })),
      state.hostConfig.tmpfs,
    );
    const mounts: MountRecord[] = [
      {
        kind: 'rootfs',
        source: baseFs,
        destination: '/',
        readOnly: state.hostConfig.readonlyRootfs,
        options: [],
      },
      ...volumeMounts.map((m): MountRecord => ({
        kind: m.type === 'tmpfs' ? 'tmpfs' : 'bind',
        source: m.source,
        destination: m.destination,
        readOnly: m.options.includes('ro'),
        options: m.options,
      })),
    ];
    return { type: 'RecordMountCompleted', data: { startId: step.startId, baseFs, mounts } };
  }

  private async initializeNetwork(state: ContainerState, step: Step<'network'>): Promise<ContainerCommand> {
    const net = await this.network.initialize(state.id, step.networkMode);
    return {
      type: 'RecordNetworkInitialized',
      data: {
        startId: step.startId,
        mode: net.mode,
        sandboxKey: net.netnsPath ?? '',
        endpoints: net.endpoints.map((e) => ({
          network: net.mode,
          ip: e.ip,
          ipPrefixLen: e.ipPrefixLen,
          gateway: e.gateway,
          mac: e.mac,
        })),
      },
    };
  }

  private async createAndStart(
    state: ContainerState,
    step: Step<'runtime'>,
    stage: StageRef,
  ): Promise<ContainerCommand> {
    const id = state.id;
    const spec = taskSpecOf(state, this.host.containers.logPath(id));
    // After a crash the task may exist already: reuse it, never create or start it twice.
    let task = await this.runtime.get(id);
    if (!task) {
      stage.current = 'create';
      await this.runtime.create(spec);
      task = await this.runtime.get(id);
    }
    let pid = task?.pid ?? 0;
    if (!task || task.status === 'created') {
      stage.current = 'start';
      pid = (await this.runtime.start(id)).pid;
    }
    const startedAt = new Date().toISOString();
    return { type: 'RecordContainerStarted', data: { startId: step.startId, pid, startedAt } };
  }

  private async cleanup(state: ContainerState, step: Step<'cleanup'>): Promise<void> {
    const id = state.id;
    const warnings: string[] = [];
    try {
      await this.runtime.delete(id);
    } catch (error) {
      if (!isNotFound(error)) warnings.push(`delete task: ${errorMessage(error)}`);
    }
    // The process runtime shares the host's network: its network is not the host's CNI network.
    const releases = { ...this.host.releases(id), 'release-network': () => this.network.release(id) };
    const noop = async (): Promise<void> => undefined;
    const report = await this.host.cleanupRunner.run(
      step.steps.map((name) => ({ name, release: releases[name] ?? noop })),
    );
    await this.record(state, step.startId, `cleanup:${step.reason}`, {
      type: 'RecordCleanupCompleted',
      data: {
        startId: step.startId,
        steps: report.steps as CleanupStep[],
        warnings: [...warnings, ...report.warnings],
      },
    });
    crashPoint('cleanup');
  }

  private async finishRemoval(state: ContainerState): Promise<void> {
    const id = state.id;
    try {
      await this.runtime.delete(id);
    } catch (error) {
      if (!isNotFound(error)) this.logger.warn(`remove ${id}: delete task: ${errorMessage(error)}`);
    }
    await this.host.overlay.remove(id);
    await this.host.containers.remove(id);
    await this.executor.execute(id, { type: 'RecordContainerRemoved', data: {} }, SAGA, {
      idSeed: `${id}:removed`,
    });
  }

  private async record(
    state: ContainerState,
    startId: string,
    step: string,
    command: ContainerCommand,
  ): Promise<void> {
    await this.executor.execute(state.id, command, SAGA, { idSeed: `${startId}:${step}` });
    crashPoint(step.split(':')[0] ?? step);
  }

  private async fail(
    state: ContainerState,
    startId: string,
    stage: StartStage,
    error: unknown,
  ): Promise<void> {
    await this.executor.execute(
      state.id,
      { type: 'RecordStartFailed', data: { startId, stage, error: errorMessage(error) } },
      SAGA,
      {
        idSeed: `${startId}:failed`,
      },
    );
  }
}
