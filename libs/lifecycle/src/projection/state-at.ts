import { containerStream, type ContainerState } from '@berth/domain';
import type { EventStore } from '@berth/event-store';
import { foldContainer } from '../command/container-repository';

export type PointInTime = { readonly revision: number } | { readonly time: string };

/**
 * The state of one container at a revision (inclusive) or at a time (events recorded at or
 * before it), computed by replaying its stream — not from the read model.
 */
export async function stateAt(
  store: EventStore,
  id: string,
  at: PointInTime,
): Promise<{ state: ContainerState; revision: number }> {
  const events = await store.readStream(containerStream(id));
  const limit = 'revision' in at ? at.revision : Date.parse(at.time);
  if (!Number.isFinite(limit)) throw new Error(`invalid point in time: ${JSON.stringify(at)}`);
  const upTo = events.filter((e) =>
    'revision' in at ? e.revision <= limit : Date.parse(e.recordedAt) <= limit,
  );
  return { state: foldContainer(upTo), revision: upTo.at(-1)?.revision ?? -1 };
}
