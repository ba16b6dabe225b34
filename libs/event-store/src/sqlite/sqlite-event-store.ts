import type Database from 'better-sqlite3';
import { resolve } from 'node:path';
import { ChangeSignal } from '../change-signal';
import { WrongExpectedVersionError, type ActualRevision } from '../errors';
import type {
  AppendResult,
  EventFilter,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { PullSubscription, type SubscriptionPage } from '../pull-subscription';
import { DuplicateEventIdError } from './duplicate-event-id.error';
import { checkNewEvent, dataJson, metadataJson, toRecordedEvent } from './event-rows';
import { checkExpectedRevision, samePlace, satisfies } from './expected-revision';
import { openBerthDatabase } from './open-database';
import { Statements } from './statements';
import { storeUnavailable, translateSqliteError } from './store-unavailable';

export interface SqliteEventStoreOptions {
  /** The store file (e.g. `<data dir>/events.db`); its directory is created when missing. */
  readonly path: string;
  /**
   * 'normal' (default): WAL + synchronous=NORMAL — an append survives a process crash; an OS
   * crash or power loss may lose the last appends, never corrupt the file. 'full': every commit
   * is fsynced (survives power loss), at roughly a fifth of the append rate.
   */
  readonly synchronous?: 'normal' | 'full';
  /** How long an append waits for another connection's write lock before failing. Default 5 000 ms. */
  readonly busyTimeoutMs?: number;
  /** How often a waiting subscription looks for appends made by other connections. Default 100 ms. */
  readonly pollIntervalMs?: number;
}

/** Opens (creating if new) the SQLite event store at `options.path`. */
export async function openSqliteEventStore(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
  return SqliteEventStore.open(options);
}

const DEFAULT_BATCH_SIZE = 500;
const END_REVISION = Number.MAX_SAFE_INTEGER;

type StagedEvent = readonly [id: string, type: string, schemaVersion: number, data: string, metadata: string];
type AppendOutcome = AppendResult | { readonly conflict: ActualRevision };

/** The embedded EventStore: one SQLite file in WAL mode, one connection, statements prepared once. */
export class SqliteEventStore implements EventStore {
  readonly name = 'sqlite';
  private readonly statements: Statements;
  private readonly changes: ChangeSignal;
  private readonly subscriptions = new Set<PullSubscription>();
  private readonly appendTransaction: Database.Transaction<
    (
      stream: string,
      staged: readonly StagedEvent[],
      expected: ExpectedRevision,
      recordedAt: string,
    ) => AppendOutcome
  >;
  private readonly snapshot: Database.Transaction<(read: () => SubscriptionPage) => SubscriptionPage>;
  private closed = false;

  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    const path = resolve(options.path);
    const db = openBerthDatabase(path, {
      synchronous: options.synchronous ?? 'normal',
      busyTimeoutMs: options.busyTimeoutMs ?? 5_000,
    });
    return new SqliteEventStore(db, path, options.pollIntervalMs ?? 100);
  }

  private constructor(
    private readonly db: Database.Database,
    /** Absolute path of the store file. */
    readonly path: string,
    pollIntervalMs: number,
  ) {
    this.statements = new Statements(db);
    this.changes = new ChangeSignal(pollIntervalMs);
    this.appendTransaction = db.transaction((stream, staged, expected, recordedAt) =>
      this.appendInTransaction(stream, staged, expected, recordedAt),
    );
    this.snapshot = db.transaction((read: () => SubscriptionPage) => read());
  }

  async append(
    stream: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    this.ensureOpen();
    checkStream(stream);
    checkExpectedRevision(expectedRevision);
    if (events.length === 0) throw new RangeError(`append to stream ${stream}: no events given`);
    const staged = events.map((event): StagedEvent => {
      checkNewEvent(event);
      return [event.id, event.type, event.schemaVersion, dataJson(event), metadataJson(event.metadata)];
    });
    let outcome: AppendOutcome;
    try {
      // IMMEDIATE takes the write lock before reading the stream head, so the check and the
      // insert see the same head even with other connections (they wait up to busy_timeout).
      outcome = this.appendTransaction.immediate(stream, staged, expectedRevision, new Date().toISOString());
    } catch (error) {
      if (isUniqueViolation(error)) return this.repeatedAppend(stream, events, expectedRevision, error);
      throw translateSqliteError(this.path, error);
    }
    if ('conflict' in outcome) {
      const original = this.originalAppend(stream, events, expectedRevision);
      if (original !== undefined) return original;
      throw new WrongExpectedVersionError(stream, expectedRevision, outcome.conflict);
    }
    this.changes.notify();
    return outcome;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.ensureOpen();
    const backwards = options.direction === 'backwards';
    const from = options.from ?? (backwards ? 'end' : 'start');
    if (typeof from === 'number') checkCount('from', from);
    const revision = from === 'start' ? 0 : from === 'end' ? END_REVISION : from;
    const limit = limitOf(options.maxCount);
    const statement = backwards ? this.statements.streamBackwards : this.statements.streamForwards;
    return this.guard(() => statement.all(stream, revision, limit).map(toRecordedEvent));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.ensureOpen();
    const after = options.after ?? 0;
    checkCount('after', after);
    return this.guard(() =>
      this.readAfter(options.filter, after, limitOf(options.maxCount)).map(toRecordedEvent),
    );
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.ensureOpen();
    const after = options.after === 'end' ? this.guard(() => this.head()) : (options.after ?? 0);
    checkCount('after', after);
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new RangeError(`batchSize must be an integer ≥ 1 (got ${batchSize})`);
    const filter = options.filter;
    const source = {
      changes: this.changes,
      readPage: (position: number, limit: number) => this.guard(() => this.readPage(filter, position, limit)),
    };
    const subscription: PullSubscription = new PullSubscription(source, after, batchSize, () =>
      this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<number> {
    this.ensureOpen();
    return this.guard(() => this.head());
  }

  async readCheckpoint(name: string): Promise<number | undefined> {
    this.ensureOpen();
    return this.guard(() => this.statements.checkpoint.get(name));
  }

  async storeCheckpoint(name: string, position: number): Promise<void> {
    this.ensureOpen();
    checkCount('checkpoint position', position);
    this.guard(() => this.statements.storeCheckpoint.run(name, position, new Date().toISOString()));
  }

  /** Ends every open subscription, then closes the file. Calling it again does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.db.close();
  }

  private appendInTransaction(
    stream: string,
    staged: readonly StagedEvent[],
    expected: ExpectedRevision,
    recordedAt: string,
  ): AppendOutcome {
    const head = this.statements.streamHead.get(stream);
    if (!satisfies(expected, head ?? 'no_stream')) return { conflict: head ?? 'no_stream' };
    let revision = head ?? -1;
    let position = 0;
    for (const [id, type, schemaVersion, data, metadata] of staged) {
      revision += 1;
      const info = this.statements.insert.run(
        id,
        stream,
        revision,
        type,
        schemaVersion,
        data,
        metadata,
        recordedAt,
      );
      position = Number(info.lastInsertRowid);
    }
    return { nextExpectedRevision: revision, position };
  }

  /**
   * The result of an earlier append of this same batch (same ids, in order, in this stream, at
   * the place the expectation names), or undefined. Makes re-appends idempotent.
   */
  private originalAppend(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): AppendResult | undefined {
    const first = this.guard(() => this.statements.eventById.get(events[0].id));
    if (first === undefined || first[0] !== stream || !samePlace(expected, first[1])) return undefined;
    const stored = this.guard(() => this.statements.idsFrom.all(stream, first[1], events.length));
    if (stored.length !== events.length || stored.some(([id], index) => id !== events[index].id))
      return undefined;
    const [, revision, position] = stored[stored.length - 1];
    return { nextExpectedRevision: revision, position };
  }

  /** An insert hit a unique id: the same append again, a stale expectation, or a reused id. */
  private repeatedAppend(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
    cause: unknown,
  ): AppendResult {
    const original = this.originalAppend(stream, events, expected);
    if (original !== undefined) return original;
    const actual = this.guard(() => this.statements.streamHead.get(stream)) ?? 'no_stream';
    if (!satisfies(expected, actual)) throw new WrongExpectedVersionError(stream, expected, actual);
    const seen = new Set<string>();
    for (const event of events) {
      const stored = this.guard(() => this.statements.eventById.get(event.id));
      if (stored !== undefined)
        throw new DuplicateEventIdError(event.id, stream, { stream: stored[0], revision: stored[1] });
      if (seen.has(event.id)) throw new DuplicateEventIdError(event.id, stream);
      seen.add(event.id);
    }
    throw translateSqliteError(this.path, cause);
  }

  private readAfter(filter: EventFilter | undefined, after: number, limit: number) {
    const { statement, sql } = this.statements.readAll(filter);
    return statement.all(after, ...sql.params, limit);
  }

  /** With a filter, also the head in the same snapshot, so non-matching events are not scanned again. */
  private readPage(filter: EventFilter | undefined, after: number, limit: number): SubscriptionPage {
    const { sql } = this.statements.readAll(filter);
    if (sql.params.length === 0) {
      const rows = this.readAfter(filter, after, limit);
      return {
        events: rows.map(toRecordedEvent),
        scannedTo: rows.length > 0 ? rows[rows.length - 1][0] : after,
      };
    }
    return this.snapshot(() => {
      const rows = this.readAfter(filter, after, limit);
      const scannedTo = rows.length === limit ? rows[rows.length - 1][0] : Math.max(after, this.head());
      return { events: rows.map(toRecordedEvent), scannedTo };
    });
  }

  private head(): number {
    return this.statements.headPosition.get() ?? 0;
  }

  private guard<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      throw translateSqliteError(this.path, error);
    }
  }

  private ensureOpen(): void {
    if (this.closed) throw storeUnavailable(this.path, 'is closed');
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

function checkStream(stream: string): void {
  if (typeof stream !== 'string' || stream === '')
    throw new TypeError('stream name must be a non-empty string');
}

function checkCount(what: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${what} must be an integer ≥ 0 (got ${value})`);
}

function limitOf(maxCount: number | undefined): number {
  if (maxCount === undefined) return -1;
  checkCount('maxCount', maxCount);
  return maxCount;
}
