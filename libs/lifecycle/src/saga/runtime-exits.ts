import { Inject, Injectable, Logger } from '@nestjs/common';
import { type ContainerState, containerStream, isStartInFlight } from '@berth/domain';
import { isProcessAlive, type Runtime, type TaskExit } from '@berth/runtime';
import { CommandExecutor } from '../command/command-executor';
import { READ_MODEL } from '../projection/read-model.provider';
import type { ReadModelStore } from '../projection/read-model.store';
import { StreamWatcher } from '../service/stream-watcher';
import { RUNTIME } from '../tokens';

const RUNTIME_ACTOR = { actor: 'berthd', source: 'runtime' } as const;
/** Exit code recorded when the runtime has no trace of a task the log says is running. */
export const UNKNOWN_EXIT_CODE = 128;

/**
 * Runtime → events: each task exit becomes RecordContainerExited (event ids derived from the
 * task's pid and exit time, so a re-delivered exit is stored once). At boot, every container the
 * read model says is running is reconciled with the runtime: still running → nothing; stopped →
 * its exit status; gone → exit 128.
 */
@Injectable()
export class RuntimeExits {
  private readonly logger = new Logger('RuntimeExits');

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    @Inject(READ_MODEL) private readonly model: ReadModelStore<ContainerState>,
    private readonly executor: CommandExecutor,
    private readonly watcher: StreamWatcher,
  ) {}

  listen(): void {
    this.runtime.onExit((exit) => void this.record(exit));
  }

  async record(exit: TaskExit): Promise<void> {
    const command = {
      type: 'RecordContainerExited',
      data: { exitCode: exit.exitCode, oomKilled: exit.oomKilled, finishedAt: exit.exitedAt, pid: exit.pid },
    } as const;
    try {
      // A short-lived task can exit before the saga recorded ContainerStarted: then the exit is
      // not stale but early. Wait for the start to be recorded and decide again (bounded).
      for (let attempt = 0; attempt < 60; attempt++) {
        const result = await this.executor.execute(exit.id, command, RUNTIME_ACTOR, {
          idSeed: `exit:${exit.id}:${exit.pid}:${exit.exitedAt}`,
        });
        if (result.events.length > 0 || !isStartInFlight(result.state)) return;
        await this.watcher
          .waitFor(containerStream(exit.id), result.position, () => true, { timeoutMs: 1_000, what: 'the start to be recorded' })
          .catch(() => undefined);
      }
      this.logger.error(`exit of ${exit.id} (${exit.exitCode}) dropped: its start was never recorded`);
    } catch (error) {
      this.logger.error(
        `exit of ${exit.id} (${exit.exitCode}) not recorded: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** Reconciles the running containers of the read model with the runtime. */
  async reconcile(): Promise<void> {
    for (const { id, state } of this.model.list()) {
      if (!state.State.Running || state.State.Restarting) continue;
      const task = await this.runtime.get(id);
      if (task && task.status !== 'stopped') continue;
      if (
        !task &&
        this.runtime.name === 'process' &&
        state.State.Pid > 0 &&
        isProcessAlive(state.State.Pid)
      ) {
        // The process runtime cannot re-attach to a process after a restart of berthd: end it.
        try {
          process.kill(-state.State.Pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      const exitCode = task?.exitCode ?? UNKNOWN_EXIT_CODE;
      const exitedAt = task?.exitedAt ?? new Date().toISOString();
      this.logger.log(`reconcile: container ${id.slice(0, 12)} is no longer running (exit ${exitCode})`);
      await this.record({ id, pid: state.State.Pid, exitCode, exitedAt, oomKilled: false });
    }
  }
}
