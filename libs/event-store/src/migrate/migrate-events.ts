import { WrongExpectedVersionError } from '../errors';
import type {
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  RecordedEvent,
} from '../event-store.port';
import { MigrationConflictError } from './migration-conflict.error';
import { streamRuns } from './stream-runs';

export interface MigrateEventsOptions {
  readonly from: EventStore;
  readonly to: EventStore;
  /** Names the migration; its progress is the checkpoint `migrate:<checkpointName>` in the TARGET store. */
  readonly checkpointName: string;
  /** Source events read, appended and checkpointed together. Default 500. */
  readonly batchSize?: number;
  /** After the count and after every batch: source events copied so far (earlier runs included) and in all. */
  readonly onProgress?: (copied: number, total: number) => void;
  /** Stops between batches (the migration can be resumed). */
  readonly signal?: AbortSignal;
}

export interface MigrateEventsResult {
  /** Source events up to the last checkpoint, earlier runs included (= total when finished). */
  readonly copied: number;
  readonly total: number;
  /** Appended by this run. */
  readonly appended: number;
  /** Found already in the target by this run (copied before a crash, after the last checkpoint). */
  readonly skipped: number;
  /** Source position this run started after, and the last one copied. */
  readonly resumedFrom: number;
  readonly position: number;
}

const COUNT_PAGE = 5_000;

/**
 * Copies every stream of `from` into `to` in global order, keeping event ids, stream names,
 * revisions, types, schema versions, data and metadata. The target sets its own recordedAt; the
 * source's is kept in metadata as `originalRecordedAt` (the first one, over repeated migrations).
 *
 * Resumable: after each batch the source position copied so far is stored as the checkpoint
 * `migrate:<checkpointName>` in the target, and a new run starts after it. Each event is appended
 * expecting exactly the revision before it ('no_stream' for revision 0), so a crash between an
 * append and its checkpoint is harmless: on the next run an event already at its place is
 * skipped, never written twice. Anything else at that place is a MigrationConflictError.
 *
 * Source checkpoints are not copied: they are positions of the source store; subscribers of the
 * target start again (positions differ between stores). Stop writers of the source while it runs,
 * or run it again afterwards to copy what came meanwhile.
 */
export async function migrateEvents(options: MigrateEventsOptions): Promise<MigrateEventsResult> {
  const { from, to, signal } = options;
  const batchSize = options.batchSize ?? 500;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`batchSize must be an integer ≥ 1 (got ${batchSize})`);
  if (options.checkpointName === '') throw new RangeError('checkpointName must not be empty');
  const checkpoint = `migrate:${options.checkpointName}`;
  const resumedFrom = (await to.readCheckpoint(checkpoint)) ?? 0;
  const counted = await countEvents(from, resumedFrom, signal);
  let copied = counted.upTo;
  let total = counted.total;
  let appended = 0;
  let skipped = 0;
  let position = resumedFrom;
  // An append answered with a position at or below the target's head found the events there
  // already (an idempotent repeat), so it counts as skipped.
  const target = { head: await to.headPosition() };
  options.onProgress?.(copied, total);
  for (;;) {
    signal?.throwIfAborted();
    const batch = await from.readAll({ after: position, maxCount: batchSize });
    if (batch.length === 0) break;
    for (const run of streamRuns(batch)) {
      const outcome = await copyRun(to, run, target);
      appended += outcome.appended;
      skipped += outcome.skipped;
    }
    position = batch[batch.length - 1].position;
    await to.storeCheckpoint(checkpoint, position);
    copied += batch.length;
    total = Math.max(total, copied); // events appended to the source meanwhile
    options.onProgress?.(copied, total);
  }
  return { copied, total, appended, skipped, resumedFrom, position };
}

/** Events of the source in all, and how many of them are at or before `upTo`. */
async function countEvents(
  store: EventStore,
  upTo: number,
  signal: AbortSignal | undefined,
): Promise<{ total: number; upTo: number }> {
  let total = 0;
  let before = 0;
  let after = 0;
  for (;;) {
    signal?.throwIfAborted();
    const page = await store.readAll({ after, maxCount: COUNT_PAGE });
    if (page.length === 0) return { total, upTo: before };
    total += page.length;
    before += page.filter((event) => event.position <= upTo).length;
    after = page[page.length - 1].position;
  }
}

/** Appends one run (one stream, consecutive revisions) at its revisions; skips what is already there. */
async function copyRun(
  to: EventStore,
  run: readonly RecordedEvent[],
  target: { head: number },
): Promise<{ appended: number; skipped: number }> {
  const first = run[0];
  try {
    const result = await to.append(first.stream, run.map(toNewEvent), expectedBefore(first.revision));
    if (result.position <= target.head) return { appended: 0, skipped: run.length };
    target.head = result.position;
    return { appended: run.length, skipped: 0 };
  } catch (error) {
    if (!(error instanceof WrongExpectedVersionError)) throw error;
    const present = await to.readStream(first.stream, { from: first.revision, maxCount: run.length });
    let same = 0;
    while (
      same < present.length &&
      present[same].revision === run[same].revision &&
      sameId(present[same].id, run[same].id)
    )
      same += 1;
    if (same < present.length) {
      throw new MigrationConflictError(
        first.stream,
        run[same].revision,
        `the target has event ${present[same].id} there, the source ${run[same].id}`,
      );
    }
    if (same === 0) {
      throw new MigrationConflictError(
        first.stream,
        first.revision,
        `the target stream's last revision is ${String(error.actual)}`,
      );
    }
    if (same === run.length) return { appended: 0, skipped: same };
    const rest = run.slice(same);
    target.head = (
      await to.append(first.stream, rest.map(toNewEvent), expectedBefore(rest[0].revision))
    ).position;
    return { appended: rest.length, skipped: same };
  }
}

function expectedBefore(revision: number): ExpectedRevision {
  return revision === 0 ? 'no_stream' : revision - 1;
}

export function toNewEvent(event: RecordedEvent): NewEvent {
  const { recordedAt: _set_by_the_target, ...metadata } = event.metadata;
  const migrated: EventMetadata = {
    ...metadata,
    originalRecordedAt: metadata.originalRecordedAt ?? event.recordedAt,
  };
  return {
    id: event.id,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: migrated,
  };
}

function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
