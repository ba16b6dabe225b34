import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ContainerState } from '@berth/domain';
import { isCleanupPending, isStartInFlight } from '@berth/domain';
import type { EventStore, RecordedEvent } from '@berth/event-store';
import { CONTAINER_STREAM_PREFIX } from '../projection/container-projection';
import { READ_MODEL } from '../projection/read-model.provider';
import type { ReadModelStore } from '../projection/read-model.store';
import { KeyedQueue } from '../support/keyed-queue';
import { StoreConsumer } from '../support/store-consumer';
import { Throttle } from '../support/throttle';
import { EVENT_STORE } from '../tokens';
import { StartSaga } from './start-saga';

const NAME = 'start-saga';

/**
 * Runs the start saga from the store: every stored container event wakes that container's saga
 * (one at a time per container, containers in parallel). The checkpoint only passes an event once
 * the saga run it woke has finished, so after a crash every unfinished saga is woken again.
 */
@Injectable()
export class SagaRunner {
  private readonly logger = new Logger('SagaRunner');
  private readonly queue = new KeyedQueue((id) => this.run(id));
  /** Container id → lowest position whose saga run has not finished. */
  private readonly pending = new Map<string, { position: number; outstanding: number }>();
  private lastSeen = 0;
  private savedCheckpoint = -1;
  private consumer?: StoreConsumer;
  /** The safe checkpoint is written at most every 200 ms (saga steps are idempotent). */
  private readonly checkpoints = new Throttle<true>(200, () => this.saveCheckpoint());

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL) private readonly model: ReadModelStore<ContainerState>,
    private readonly saga: StartSaga,
  ) {}

  async start(): Promise<void> {
    // Recovery: every container whose saga has work left (a start in flight, a cleanup due, a
    // removal, a restart to schedule) is driven now, before new events arrive.
    for (const { id, state } of this.model.list()) {
      if (
        isStartInFlight(state) ||
        isCleanupPending(state) ||
        state.removalInProgress ||
        state.restartManager.scheduled ||
        (state.hostConfig.autoRemove && !state.State.Running)
      ) {
        void this.wake(id, 0);
      }
    }
    this.consumer = new StoreConsumer(this.store, {
      name: NAME,
      filter: { streamPrefixes: [CONTAINER_STREAM_PREFIX] },
      after: async () => (await this.store.readCheckpoint(NAME)) ?? 0,
      checkpoint: async () => this.checkpoints.push(true),
      handle: (event) => this.onEvent(event),
    });
    await this.consumer.start();
  }

  /** Wakes a container's saga; resolves when a run that started after this call has finished. */
  wake(id: string, position: number): Promise<void> {
    const entry = this.pending.get(id);
    if (entry) entry.outstanding++;
    else this.pending.set(id, { position, outstanding: 1 });
    return this.queue.schedule(id).finally(() => {
      const current = this.pending.get(id);
      if (current && --current.outstanding === 0) this.pending.delete(id);
      this.checkpoints.push(true);
    });
  }

  private onEvent(event: RecordedEvent): void {
    this.lastSeen = event.position;
    void this.wake(event.stream.slice(CONTAINER_STREAM_PREFIX.length), event.position);
  }

  private async run(id: string): Promise<void> {
    for (let attempt = 1; attempt <= 5; attempt++) {
      try {
        await this.saga.drive(id);
        return;
      } catch (error) {
        this.logger.error(
          `saga of ${id} failed (attempt ${attempt}): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
      }
    }
  }

  private async saveCheckpoint(): Promise<void> {
    let safe = this.lastSeen;
    for (const { position } of this.pending.values()) if (position > 0) safe = Math.min(safe, position - 1);
    if (safe <= this.savedCheckpoint) return;
    this.savedCheckpoint = safe;
    await this.store.storeCheckpoint(NAME, safe);
  }

  /** Resolves when no saga runs. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
    await this.queue.idle();
    await this.checkpoints.flush();
  }
}
