/**
 * The EventStore port (design.md §4). Adapters: sqlite (embedded default), kurrentdb.
 * Every adapter passes the one contract suite in `testing/event-store.contract.ts`.
 *
 * Numbers: a stream revision is 0-based (the first event of a stream has revision 0);
 * a global position is a positive, strictly increasing integer (gaps allowed), and
 * `0` means "before the first event". "from a position" always means *after* it, so a
 * stored checkpoint (the last position processed) can be passed back as is.
 */

/** Where a stream must be for an append to succeed. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface EventMetadata {
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly commandId?: string;
  readonly actor?: string;
  readonly source?: string;
  /** Set by the store when the event is written (ISO-8601); adapters fill it, callers may not. */
  readonly recordedAt?: string;
  readonly [key: string]: string | undefined;
}

/** An event as the caller proposes it. `id` is a UUID chosen by the caller (deterministic ids make appends idempotent). */
export interface NewEvent<TData = unknown> {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: TData;
  readonly metadata?: EventMetadata;
}

/** An event as stored. Immutable. */
export interface RecordedEvent<TData = unknown> {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly stream: string;
  readonly revision: number;
  readonly position: number;
  readonly recordedAt: string;
  readonly data: TData;
  readonly metadata: EventMetadata;
}

export interface AppendResult {
  /** Revision of the last event of the stream after the append (what to expect next time). */
  readonly nextExpectedRevision: number;
  /** Global position of the last event written (or found, for an idempotent re-append). */
  readonly position: number;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** Revision to start at (inclusive). Default: 'start' forwards, 'end' backwards. */
  readonly from?: number | 'start' | 'end';
  readonly direction?: Direction;
  readonly maxCount?: number;
}

export interface EventFilter {
  /** Keep events whose stream name starts with one of these. */
  readonly streamPrefixes?: readonly string[];
  /** Keep events of one of these types. */
  readonly eventTypes?: readonly string[];
}

export interface ReadAllOptions {
  /** Read events strictly after this global position. Default 0 (from the beginning). */
  readonly after?: number;
  readonly maxCount?: number;
  readonly filter?: EventFilter;
}

export interface SubscribeOptions {
  /** Deliver events strictly after this position; 'end' = only events appended from now on. Default 0. */
  readonly after?: number | 'end';
  readonly filter?: EventFilter;
  /** Page size while catching up (bounds memory; the consumer pulls, so a slow consumer slows reading). */
  readonly batchSize?: number;
}

/**
 * A catch-up subscription: an async iterable that yields stored events in position order,
 * first the history after `after`, then live events, with no gap and no duplicate.
 * It reads only as fast as the consumer pulls (back-pressure). `close()` ends the iteration.
 */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

export interface EventStore {
  /** Adapter name, for logs: 'sqlite' | 'kurrentdb'. */
  readonly name: string;
  append(stream: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /** Events of one stream; an unknown stream reads as empty. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** Position of the last stored event, 0 when empty. */
  headPosition(): Promise<number>;
  /** Checkpoints of named subscribers (last position processed). */
  readCheckpoint(name: string): Promise<number | undefined>;
  storeCheckpoint(name: string, position: number): Promise<void>;
  close(): Promise<void>;
}
