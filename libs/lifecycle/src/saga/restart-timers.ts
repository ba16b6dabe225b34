import { forwardRef, Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { ContainerState } from '@berth/domain';
import { CommandExecutor } from '../command/command-executor';
import { derivedEventId } from '../support/event-ids';

const RESTART_MANAGER = { actor: 'berthd', source: 'restart-manager' } as const;

/**
 * The restart manager's timers. The decision (policy, backoff, RestartCount) is the domain's and
 * is recorded as RestartScheduled { dueAt }; this only waits until dueAt and then sends a Start
 * with resetRestartManager = false. Timers are rebuilt from state after a restart of berthd.
 */
@Injectable()
export class RestartTimers implements OnApplicationShutdown {
  private readonly logger = new Logger('RestartManager');
  private readonly timers = new Map<string, { key: string; timer: NodeJS.Timeout }>();

  constructor(@Inject(forwardRef(() => CommandExecutor)) private readonly executor: CommandExecutor) {}

  /** Makes the timer of a container match its state: one per scheduled restart, none otherwise. */
  sync(state: ContainerState): void {
    const scheduled = state.restartManager.scheduled;
    const existing = this.timers.get(state.id);
    if (!scheduled) {
      if (existing) clearTimeout(existing.timer);
      this.timers.delete(state.id);
      return;
    }
    const key = `${state.id}:${scheduled.restartCount}:${scheduled.dueAt}`;
    if (existing?.key === key) return;
    if (existing) clearTimeout(existing.timer);
    const delay = Math.max(0, Date.parse(scheduled.dueAt) - Date.now());
    const timer = setTimeout(() => void this.fire(state.id, key, scheduled.restartCount), delay);
    this.timers.set(state.id, { key, timer });
  }

  private async fire(id: string, key: string, restartCount: number): Promise<void> {
    if (this.timers.get(id)?.key === key) this.timers.delete(id);
    const startId = derivedEventId(`restart:${id}`, String(restartCount));
    try {
      await this.executor.execute(
        id,
        {
          type: 'StartContainer',
          data: { container: id, startId, resetRestartManager: false, requestedAt: new Date().toISOString() },
        },
        RESTART_MANAGER,
        { idSeed: `restart:${startId}` },
      );
    } catch (error) {
      this.logger.warn(
        `restart of ${id} not started: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  onApplicationShutdown(): void {
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
