import { Errors, isDomainError, resolveContainerReference, type ContainerIndex } from '@berth/domain';
import type { EventStore } from '@berth/event-store';
import { CONTAINER_STREAM_PREFIX } from '../projection/container-projection';

const FULL_ID = /^[0-9a-f]{64}$/;
const HEX = /^[0-9a-f]+$/;
const PAGE = 1000;

/** Ids of every container the log has a ContainerCreated for (removed ones included), oldest first. */
export async function listContainerIds(store: EventStore): Promise<string[]> {
  const ids: string[] = [];
  for (let after = 0; ;) {
    const page = await store.readAll({
      after,
      maxCount: PAGE,
      filter: { streamPrefixes: [CONTAINER_STREAM_PREFIX], eventTypes: ['ContainerCreated'] },
    });
    if (page.length === 0) return ids;
    for (const event of page) ids.push(event.stream.slice(CONTAINER_STREAM_PREFIX.length));
    after = page[page.length - 1]!.position;
  }
}

async function streamExists(store: EventStore, id: string): Promise<boolean> {
  return (await store.readStream(`${CONTAINER_STREAM_PREFIX}${id}`, { maxCount: 1 })).length > 0;
}

/** The name registry's stream of a name (see command/name-registry.ts). */
const nameStream = (name: string): string => `containername-${name.replace(/^\//, '')}`;

/**
 * Resolves a container reference for questions about the log: the live containers first (full id,
 * name, unique id prefix, as the API does), then removed ones — a full id whose stream exists, the
 * last owner of a name, a unique prefix of every id ever created. NotFound "No such container".
 */
export async function resolveContainerId(
  store: EventStore,
  index: ContainerIndex,
  ref: string,
): Promise<string> {
  try {
    return resolveContainerReference(ref, index);
  } catch (error) {
    if (!isDomainError(error) || error.kind !== 'not_found') throw error;
  }
  if (FULL_ID.test(ref) && (await streamExists(store, ref))) return ref;
  const [reserved] = await store.readStream(nameStream(ref), { direction: 'backwards', maxCount: 1 });
  const owner = (reserved?.data as { id?: unknown } | undefined)?.id;
  if (typeof owner === 'string' && (await streamExists(store, owner))) return owner;
  if (HEX.test(ref)) {
    const matches = (await listContainerIds(store)).filter((id) => id.startsWith(ref));
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) throw Errors.ambiguousPrefix(ref);
  }
  throw Errors.noSuchContainer(ref);
}
