import {
  BACKWARDS,
  END,
  FORWARDS,
  NO_STREAM,
  START,
  jsonEvent,
  type AppendResult as KurrentAppendResult,
  type AppendStreamState,
  type EventData,
  type KurrentDBClient,
  type ReadPosition,
} from '@kurrent/kurrentdb-client';
import { EventStoreUnavailableError, WrongExpectedVersionError, type ActualRevision } from '../errors';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import {
  isClientWrongExpectedVersion,
  isStreamNotFound,
  translateClientError,
  type ErrorContext,
} from './error-translation';
import { toEventData, toRecordedEvent, type KurrentResolvedEvent } from './event-mapping';
import { acceptsEvent, buildServerFilter } from './filter-building';
import { matchAppended, samePlace } from './idempotent-match';
import { KnownPositions } from './known-positions';
import { KurrentDbSubscription } from './kurrentdb-subscription';
import { isAfter, toPositionNumber, toReadPosition } from './position-mapping';
import { toActualRevision, toRevision, toStreamState } from './revision-mapping';
import { safeNumberToBigint } from './safe-number';
import { StreamNames } from './stream-names';

export interface KurrentDbEventStoreOptions {
  /** The connection string without credentials, for error messages. */
  readonly location: string;
  /** Prefix of every stream this store writes and reads (see StreamNames). Default ''. */
  readonly namespace?: string;
  /**
   * How many of a stream's last events an append looks through for the batch's ids before
   * writing, so a repeated batch is recognised wherever the expectation allows (see
   * docs/kurrentdb.md, "Idempotency"). 0 = rely on the server only. Default 32.
   */
  readonly dedupWindow?: number;
  /** Events per `$all` read page (readAll, headPosition). Default 1000. */
  readonly pageSize?: number;
}

const CHECKPOINT_EVENT_TYPE = 'berth.checkpoint';
const LOOSE_APPEND_ATTEMPTS = 5;

/**
 * The EventStore port over KurrentDB (`@kurrent/kurrentdb-client`). See docs/kurrentdb.md for the
 * mapping of revisions, positions, metadata, idempotency and checkpoints.
 */
export class KurrentDbEventStore implements EventStore {
  readonly name = 'kurrentdb';
  private readonly names: StreamNames;
  private readonly dedupWindow: number;
  private readonly pageSize: number;
  private readonly known = new KnownPositions();
  private readonly checkpointStreamsReady = new Set<string>();
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(
    private readonly client: KurrentDBClient,
    private readonly options: KurrentDbEventStoreOptions,
  ) {
    this.names = new StreamNames(options.namespace ?? '');
    this.dedupWindow = options.dedupWindow ?? 32;
    this.pageSize = options.pageSize ?? 1000;
  }

  async append(
    stream: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    this.ensureOpen();
    if (typeof stream !== 'string' || stream === '')
      throw new TypeError('stream name must be a non-empty string');
    if (this.names.isReserved(stream)) {
      throw new RangeError(`stream name ${JSON.stringify(stream)} is reserved (system or checkpoint stream)`);
    }
    if (events.length === 0) throw new RangeError(`append to stream ${stream}: no events given`);
    const streamState = toStreamState(checkExpected(expectedRevision));
    const data = events.map(toEventData);
    const serverStream = this.names.toServer(stream);
    try {
      const result =
        expectedRevision === 'no_stream'
          ? await this.writeOrFind(serverStream, data, events, streamState, expectedRevision)
          : await this.appendChecked(stream, serverStream, data, events, expectedRevision);
      this.known.add(result.position);
      return result;
    } catch (error) {
      throw translateClientError(error, this.context(stream, expectedRevision));
    }
  }

  /**
   * Appends after looking through the stream's last events for the batch: if it is there at the
   * place the expectation names, that is the earlier append's result; if its ids are there
   * otherwise, a conflict. KurrentDB alone would write a second copy when the stream head equals
   * the expectation, and for 'any'/'stream_exists' deduplicates only best-effort — so those two
   * become an exact revision (the head just read), retried if a concurrent writer wins.
   */
  private async appendChecked(
    stream: string,
    serverStream: string,
    data: readonly EventData[],
    events: readonly NewEvent[],
    expected: Exclude<ExpectedRevision, 'no_stream'>,
  ): Promise<AppendResult> {
    let knownActual: ActualRevision | undefined;
    for (let attempt = 1; ; attempt += 1) {
      const tail = await this.readTail(serverStream, events.length);
      const actual: ActualRevision = tail.length > 0 ? tail[0].revision : (knownActual ?? 'no_stream');
      const match = matchAppended(tail, events);
      if (match.kind === 'present' && samePlace(expected, match.first.revision)) {
        return { nextExpectedRevision: match.last.revision, position: match.last.position };
      }
      if (match.kind !== 'absent') throw new WrongExpectedVersionError(stream, expected, actual);
      if (typeof expected === 'number')
        return this.writeOrFind(serverStream, data, events, toStreamState(expected), expected);
      if (expected === 'stream_exists' && actual === 'no_stream')
        throw new WrongExpectedVersionError(stream, expected, actual);
      try {
        return await this.write(
          serverStream,
          data,
          events,
          actual === 'no_stream' ? NO_STREAM : BigInt(actual),
        );
      } catch (error) {
        if (!isClientWrongExpectedVersion(error) || attempt >= LOOSE_APPEND_ATTEMPTS) throw error;
        knownActual = toActualRevision(error.actualState);
      }
    }
  }

  /** Writes with an exact expectation; on a conflict, the batch may already be there (a retry). */
  private async writeOrFind(
    serverStream: string,
    data: readonly EventData[],
    events: readonly NewEvent[],
    streamState: AppendStreamState,
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    try {
      return await this.write(serverStream, data, events, streamState);
    } catch (error) {
      if (!isClientWrongExpectedVersion(error)) throw error;
      const match = matchAppended(await this.readTail(serverStream, events.length), events);
      if (match.kind === 'present' && samePlace(expected, match.first.revision)) {
        return { nextExpectedRevision: match.last.revision, position: match.last.position };
      }
      throw error;
    }
  }

  private async write(
    serverStream: string,
    data: readonly EventData[],
    events: readonly NewEvent[],
    streamState: AppendStreamState,
  ): Promise<AppendResult> {
    const result: KurrentAppendResult = await this.client.appendToStream(serverStream, [...data], {
      streamState,
    });
    if (result.position !== undefined) {
      // The append's commit position is that of its last event (see position-mapping.ts).
      return {
        nextExpectedRevision: toRevision(result.nextExpectedRevision),
        position: toPositionNumber(result.position),
      };
    }
    // KurrentDB answers an idempotent repeat without a position: find the batch.
    const match = matchAppended(await this.readTail(serverStream, events.length), events);
    if (match.kind === 'present')
      return { nextExpectedRevision: match.last.revision, position: match.last.position };
    throw new Error(
      `KurrentDB accepted an append to ${serverStream} without a position, and the events are not in the stream`,
    );
  }

  /** The stream's last events (dedup window + batch), newest first; [] when it does not exist. */
  private async readTail(serverStream: string, batchLength: number): Promise<RecordedEvent[]> {
    return this.collect(
      this.client.readStream(serverStream, {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: this.dedupWindow + batchLength,
      }),
    );
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.ensureOpen();
    const direction = options.direction ?? 'forwards';
    const from = options.from ?? (direction === 'forwards' ? 'start' : 'end');
    const fromRevision =
      from === 'start' ? START : from === 'end' ? END : safeNumberToBigint(from, 'revision');
    if (options.maxCount !== undefined) safeNumberToBigint(options.maxCount, 'maxCount');
    if (options.maxCount === 0) return [];
    try {
      return await this.collect(
        this.client.readStream(this.names.toServer(stream), {
          direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
          fromRevision,
          ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
        }),
      );
    } catch (error) {
      throw translateClientError(error, this.context(stream));
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.ensureOpen();
    const after = options.after ?? 0;
    safeNumberToBigint(after, 'after');
    if (options.maxCount !== undefined) safeNumberToBigint(options.maxCount, 'maxCount');
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    const filter = buildServerFilter(options.filter, this.names);
    const events: RecordedEvent[] = [];
    try {
      let from = await this.startOf(after);
      let previous: number | undefined;
      while (events.length < limit) {
        // +1: reading $all from a position includes the event at that position (dropped below).
        const pageSize = Math.min(limit - events.length + 1, this.pageSize);
        let seen = 0;
        let furthest = previous;
        for await (const resolved of this.client.readAll({
          direction: FORWARDS,
          fromPosition: from,
          maxCount: pageSize,
          filter,
        })) {
          seen += 1;
          const position = this.note(resolved);
          if (position !== undefined && (furthest === undefined || position > furthest)) furthest = position;
          const event = toRecordedEvent(resolved, this.names);
          if (event === undefined || !isAfter(event.position, Math.max(after, previous ?? 0))) continue;
          if (!acceptsEvent(event, options.filter, this.names)) continue;
          events.push(event);
          if (events.length >= limit) break;
        }
        if (seen < pageSize || furthest === undefined || furthest === previous) break;
        previous = furthest;
        from = toReadPosition(furthest);
      }
      return events;
    } catch (error) {
      throw translateClientError(error, this.context());
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.ensureOpen();
    const after = options.after ?? 0;
    if (after !== 'end') safeNumberToBigint(after, 'after');
    const batchSize = options.batchSize ?? 64;
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new RangeError(`batchSize must be an integer ≥ 1 (got ${batchSize})`);
    const filter = buildServerFilter(options.filter, this.names);
    const open = (fromPosition: ReadPosition) =>
      this.client.subscribeToAll({ fromPosition, filter }, { highWaterMark: batchSize });
    const subscription: KurrentDbSubscription = new KurrentDbSubscription(
      // 'end' and known positions subscribe at once; another number is looked up first.
      after === 'end'
        ? () => open(END)
        : this.isExactStart(after)
          ? () => open(toReadPosition(after))
          : async () => open(await this.startOf(after)),
      (resolved) => {
        this.note(resolved);
        const event = toRecordedEvent(resolved, this.names);
        return event !== undefined && acceptsEvent(event, options.filter, this.names) ? event : undefined;
      },
      after === 'end' ? 0 : after,
      (error) => translateClientError(error, this.context()),
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** The last berth event of `$all` (system and checkpoint events skipped), read backwards. */
  async headPosition(): Promise<number> {
    this.ensureOpen();
    const filter = buildServerFilter(undefined, this.names);
    let from: ReadPosition = END;
    let previous: number | undefined;
    try {
      for (;;) {
        let seen = 0;
        let earliest = previous;
        for await (const resolved of this.client.readAll({
          direction: BACKWARDS,
          fromPosition: from,
          maxCount: this.pageSize,
          filter,
        })) {
          seen += 1;
          const position = this.note(resolved);
          if (position !== undefined && (earliest === undefined || position < earliest)) earliest = position;
          const event = toRecordedEvent(resolved, this.names);
          if (event === undefined || (previous !== undefined && event.position >= previous)) continue;
          if (acceptsEvent(event, undefined, this.names)) return event.position;
        }
        if (seen < this.pageSize || earliest === undefined || earliest === previous) return 0;
        previous = earliest;
        from = toReadPosition(earliest);
      }
    } catch (error) {
      throw translateClientError(error, this.context());
    }
  }

  /**
   * Checkpoints live in KurrentDB, one stream per subscriber: `berth-checkpoints-<name>` holding
   * `berth.checkpoint` events `{ position }`; the last event wins and the stream's metadata
   * `maxCount: 1` lets the server scavenge older ones. Those streams never appear in reads.
   */
  async readCheckpoint(name: string): Promise<number | undefined> {
    this.ensureOpen();
    try {
      const [last] = await this.collect(
        this.client.readStream(this.names.checkpointStream(name), {
          direction: BACKWARDS,
          fromRevision: END,
          maxCount: 1,
        }),
        true,
      );
      return last === undefined ? undefined : checkpointPosition(last.data, name);
    } catch (error) {
      throw translateClientError(error, this.context());
    }
  }

  async storeCheckpoint(name: string, position: number): Promise<void> {
    this.ensureOpen();
    safeNumberToBigint(position, 'checkpoint position');
    const stream = this.names.checkpointStream(name);
    try {
      await this.ensureCheckpointStream(stream);
      await this.client.appendToStream(
        stream,
        jsonEvent({ type: CHECKPOINT_EVENT_TYPE, data: { position } }),
      );
    } catch (error) {
      throw translateClientError(error, this.context());
    }
  }

  /** Ends every open subscription, then the client's connections. Calling it again does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(
      [...this.subscriptions].map((subscription) => subscription.close().catch(() => undefined)),
    );
    await this.client.dispose();
  }

  private async ensureCheckpointStream(stream: string): Promise<void> {
    if (this.checkpointStreamsReady.has(stream)) return;
    const { metadata } = await this.client.getStreamMetadata(stream);
    if (metadata?.maxCount !== 1) await this.client.setStreamMetadata(stream, { ...metadata, maxCount: 1 });
    this.checkpointStreamsReady.add(stream);
  }

  /** 0 and positions seen at events can be passed to the server as they are. */
  private isExactStart(after: number): boolean {
    return after === 0 || this.known.has(after);
  }

  /**
   * Where to start reading `$all` for "after `after`". A position not seen by this store (a
   * checkpoint from an earlier run, or any number) is tried as is; if the server refuses it
   * (not a record boundary), the read starts at the greatest known position below it, or at the
   * start, and the events up to `after` are skipped by the caller.
   */
  private async startOf(after: number): Promise<ReadPosition> {
    if (this.isExactStart(after)) return toReadPosition(after);
    try {
      for await (const resolved of this.client.readAll({
        direction: FORWARDS,
        fromPosition: toReadPosition(after),
        maxCount: 1,
      })) {
        this.note(resolved);
      }
      this.known.add(after);
      return toReadPosition(after);
    } catch (error) {
      if (translateClientError(error, this.context()) instanceof EventStoreUnavailableError) throw error;
      const below = this.known.below(after);
      return below === undefined ? START : toReadPosition(below);
    }
  }

  /** Remembers the position of any event read (a valid place to start a later read). */
  private note(resolved: KurrentResolvedEvent): number | undefined {
    const commit = resolved.event?.position?.commit ?? resolved.commitPosition;
    if (commit === undefined) return undefined;
    const position = toPositionNumber({ commit, prepare: commit });
    this.known.add(position);
    return position;
  }

  /**
   * Drains a client read into RecordedEvents; `raw` reads without namespace mapping (checkpoint
   * streams). A stream that does not exist reads as empty.
   */
  private async collect(read: AsyncIterable<KurrentResolvedEvent>, raw = false): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of read) {
        this.note(resolved);
        const event = toRecordedEvent(resolved, raw ? RAW_NAMES : this.names);
        if (event !== undefined) events.push(event);
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
    return events;
  }

  private ensureOpen(): void {
    if (this.closed) {
      throw new EventStoreUnavailableError(
        `KurrentDB store ${this.options.location} is closed`,
        this.options.location,
      );
    }
  }

  private context(stream?: string, expected?: ExpectedRevision): ErrorContext {
    return {
      location: this.options.location,
      ...(stream !== undefined ? { stream } : {}),
      ...(expected !== undefined ? { expected } : {}),
    };
  }
}

const RAW_NAMES = new StreamNames('');

function checkExpected(expected: ExpectedRevision): ExpectedRevision {
  if (typeof expected === 'number' || ['any', 'no_stream', 'stream_exists'].includes(expected))
    return expected;
  throw new RangeError(
    `expected revision must be 'any', 'no_stream', 'stream_exists' or a revision ≥ 0 (got ${String(expected)})`,
  );
}

function checkpointPosition(data: unknown, name: string): number {
  if (typeof data === 'object' && data !== null && 'position' in data && typeof data.position === 'number') {
    return data.position;
  }
  throw new Error(`checkpoint ${name} in KurrentDB is not a berth checkpoint: ${JSON.stringify(data)}`);
}
