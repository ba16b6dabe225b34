import type { ContainerState } from '@berth/domain';
import type { EventStore } from '@berth/event-store';
import { rmSync } from 'node:fs';
import { ReadModelStore } from '../projection/read-model.store';
import { rebuildReadModel, type RebuildProgress } from '../projection/rebuild';

/**
 * Rebuilds a read model that is in use: builds a new one from the log in a scratch file beside it,
 * then replaces the live rows and checkpoint with the new ones in one transaction, so readers see
 * the old model or the new one, never half of it. Pause the live projection first and resume it
 * afterwards: it continues from the new checkpoint.
 */
export async function rebuildAndSwap(
  store: EventStore,
  live: ReadModelStore<ContainerState>,
  scratchPath: string,
  onProgress: (progress: RebuildProgress) => void = () => undefined,
): Promise<RebuildProgress> {
  const remove = (): void =>
    ['', '-wal', '-shm'].forEach((suffix) => rmSync(`${scratchPath}${suffix}`, { force: true }));
  remove();
  const scratch = new ReadModelStore<ContainerState>(scratchPath);
  try {
    const result = await rebuildReadModel(store, scratch, onProgress);
    const rows = scratch.list();
    const checkpoint = scratch.checkpoint();
    live.transaction(() => {
      live.clear();
      for (const row of rows) live.apply(row.position, row.id, { name: row.name, state: row.state });
      live.skip(checkpoint);
    });
    return result;
  } finally {
    scratch.close();
    remove();
  }
}
