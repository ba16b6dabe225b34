import type { ContainerState } from '@berth/domain';
import type { EventStore } from '@berth/event-store';
import { applyToReadModel, CONTAINER_STREAM_PREFIX } from './container-projection';
import type { ReadModelStore } from './read-model.store';

export interface RebuildProgress {
  readonly applied: number;
  readonly position: number;
  readonly head: number;
}

/**
 * Rebuilds the container read model from zero: empties it and replays every container event in
 * order, in batches, reporting progress. The result equals the incrementally built model.
 */
export async function rebuildReadModel(
  store: EventStore,
  model: ReadModelStore<ContainerState>,
  onProgress: (progress: RebuildProgress) => void = () => undefined,
  batchSize = 1000,
): Promise<RebuildProgress> {
  const head = await store.headPosition();
  model.clear();
  let position = 0;
  let applied = 0;
  for (;;) {
    const batch = await store.readAll({
      after: position,
      maxCount: batchSize,
      filter: { streamPrefixes: [CONTAINER_STREAM_PREFIX] },
    });
    if (batch.length === 0) break;
    model.transaction(() => {
      for (const event of batch) applyToReadModel(model, event);
    });
    applied += batch.length;
    position = batch[batch.length - 1]!.position;
    onProgress({ applied, position, head });
  }
  return { applied, position, head };
}
