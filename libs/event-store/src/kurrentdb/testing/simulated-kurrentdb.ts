import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  ANY,
  END,
  EVENT_TYPE,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnknownError,
  WrongExpectedVersionError,
  type AppendResult,
  type AppendStreamState,
  type EventData,
  type Filter,
  type KurrentDBClient,
  type Position,
  type ReadPosition,
  type ReadRevision,
} from '@kurrent/kurrentdb-client';
import type { KurrentRecord, KurrentResolvedEvent } from '../event-mapping';

/**
 * An in-memory stand-in for a KurrentDB server behind the client's API — NOT KurrentDB. It lets
 * the adapter's own logic (paging, boundaries, deduplication, filters, subscriptions) run through
 * the contract suite where no server can run. It follows these server rules, which only a real
 * node can confirm (docs/kurrentdb.md):
 * - positions are byte offsets with gaps; each event's commit = prepare = its own offset; an
 *   append answers the commit position of its last event;
 * - reading `$all` from a position that is not a record boundary fails; forwards reads include
 *   the event at the start position, backwards reads and subscriptions exclude it;
 * - a repeated append with an explicit expectation whose events sit right after it succeeds
 *   without a position; with ANY only recently seen ids are recognised;
 * - `$all` also holds system events (`$`-streams), which filters must keep out.
 */
export class SimulatedKurrentDb {
  private readonly log: KurrentRecord[] = [];
  private readonly streams = new Map<string, KurrentRecord[]>();
  private readonly metadata = new Map<string, Record<string, unknown>>();
  private readonly waiting = new Set<() => void>();
  private nextOffset = 0;

  constructor() {
    this.record('$epoch-information', '$epoch-information', {});
    this.record('$settings', '$settings', {});
  }

  /** The client API the adapter uses, over this simulated server. */
  client(): KurrentDBClient {
    const client = {
      appendToStream: async (
        stream: string,
        events: EventData | EventData[],
        options?: { streamState?: AppendStreamState },
      ) => this.append(stream, Array.isArray(events) ? events : [events], options?.streamState ?? ANY),
      readStream: (
        stream: string,
        options?: { direction?: string; fromRevision?: ReadRevision; maxCount?: number | bigint },
      ) => this.readStream(stream, options ?? {}),
      readAll: (options?: {
        direction?: string;
        fromPosition?: ReadPosition;
        maxCount?: number | bigint;
        filter?: Filter;
      }) => this.readAll(options ?? {}),
      subscribeToAll: (
        options?: { fromPosition?: ReadPosition; filter?: Filter },
        readable?: { highWaterMark?: number },
      ) => this.subscribe(options ?? {}, readable?.highWaterMark ?? 16),
      getStreamMetadata: async (stream: string) => ({
        streamName: stream,
        metadata: this.metadata.get(stream),
      }),
      setStreamMetadata: async (stream: string, metadata: Record<string, unknown>) => {
        this.metadata.set(stream, metadata);
        this.record(`$$${stream}`, '$metadata', metadata);
        return { success: true, nextExpectedRevision: 0n };
      },
      dispose: async () => undefined,
    };
    return client as unknown as KurrentDBClient;
  }

  /** A system event, as the server writes now and then (stats, scavenges). */
  systemEvent(): void {
    this.record('$stats-127.0.0.1:2113', '$statsCollected', { at: Date.now() });
  }

  private append(stream: string, events: readonly EventData[], state: AppendStreamState): AppendResult {
    const existing = this.streams.get(stream) ?? [];
    const current = existing.length - 1; // -1: no stream
    const expected = state === NO_STREAM ? -1 : typeof state === 'bigint' ? Number(state) : undefined;
    const fail = (): never => {
      throw new WrongExpectedVersionError(undefined, {
        streamName: stream,
        expected: state,
        current: current === -1 ? NO_STREAM : BigInt(current),
      });
    };
    if (expected !== undefined && expected !== current) {
      const repeated =
        expected < current && events.every((event, n) => existing[expected + 1 + n]?.id === event.id);
      if (repeated) return { success: true, nextExpectedRevision: BigInt(expected + events.length) };
      fail();
    }
    if (state === STREAM_EXISTS && current === -1) fail();
    if (state === ANY) {
      const recent = new Set(existing.slice(-10).map((event) => event.id));
      if (events.every((event) => recent.has(event.id))) {
        return { success: true, nextExpectedRevision: BigInt(current) };
      }
    }
    let last: KurrentRecord | undefined;
    for (const event of events) last = this.record(stream, event.type, event.data, event.metadata, event.id);
    const position = last?.position as Position;
    return {
      success: true,
      nextExpectedRevision: BigInt(current + events.length),
      position: { commit: position.commit, prepare: position.prepare },
    };
  }

  private record(
    streamId: string,
    type: string,
    data: unknown,
    metadata?: unknown,
    id: string = randomUUID(),
  ): KurrentRecord {
    const events = this.streams.get(streamId) ?? [];
    // JSON text through the wire and back, as the client does.
    const stored = JSON.parse(JSON.stringify(data ?? null)) as unknown;
    const offset = BigInt(this.nextOffset);
    const record: KurrentRecord = {
      streamId,
      id,
      revision: BigInt(events.length),
      type,
      created: new Date(),
      isJson: true,
      data: stored,
      metadata: metadata === undefined ? undefined : (JSON.parse(JSON.stringify(metadata)) as unknown),
      position: { commit: offset, prepare: offset },
    };
    this.nextOffset += 120 + JSON.stringify(stored).length; // records have a size: positions have gaps
    events.push(record);
    this.streams.set(streamId, events);
    this.log.push(record);
    for (const wake of [...this.waiting]) wake();
    return record;
  }

  private async *readStream(
    stream: string,
    options: { direction?: string; fromRevision?: ReadRevision; maxCount?: number | bigint },
  ): AsyncGenerator<KurrentResolvedEvent> {
    const events = this.streams.get(stream);
    if (events === undefined) throw new StreamNotFoundError(undefined, stream);
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? END : START);
    let index = from === START ? 0 : from === END ? events.length - 1 : Number(from);
    if (!backwards && from === END) return;
    for (let count = 0; count < max && index >= 0 && index < events.length; count += 1) {
      yield { event: events[index] };
      index += backwards ? -1 : 1;
    }
  }

  private async *readAll(options: {
    direction?: string;
    fromPosition?: ReadPosition;
    maxCount?: number | bigint;
    filter?: Filter;
  }): AsyncGenerator<KurrentResolvedEvent> {
    const backwards = options.direction === 'backwards';
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = options.fromPosition ?? (backwards ? END : START);
    let index: number;
    if (from === START) index = backwards ? -1 : 0;
    else if (from === END) index = backwards ? this.log.length - 1 : this.log.length;
    else {
      const at = this.indexOf(from);
      index = backwards ? at - 1 : at; // forwards includes the event at the position
    }
    let count = 0;
    while (count < max && index >= 0 && index < this.log.length) {
      const record = this.log[index];
      index += backwards ? -1 : 1;
      if (options.filter !== undefined && !matches(record, options.filter)) continue;
      count += 1;
      yield { event: record, commitPosition: record.position?.commit };
    }
  }

  private subscribe(options: { fromPosition?: ReadPosition; filter?: Filter }, highWaterMark: number) {
    const from = options.fromPosition ?? START;
    let index = from === START ? 0 : from === END ? this.log.length : this.indexOf(from) + 1; // excludes the start event
    let wake: (() => void) | undefined;
    let stopped = false;
    // Pushes until the consumer's buffer is full (back-pressure) or the log is caught up (then waits for an append).
    const pump = (): void => {
      for (;;) {
        if (stopped || wake !== undefined) return;
        if (index >= this.log.length) {
          const waiter = (): void => {
            this.waiting.delete(waiter);
            wake = undefined;
            setImmediate(pump);
          };
          wake = waiter;
          this.waiting.add(waiter);
          return;
        }
        const record = this.log[index];
        index += 1;
        if (options.filter !== undefined && !matches(record, options.filter)) continue;
        if (!readable.push({ event: record, commitPosition: record.position?.commit })) return;
      }
    };
    const readable = new Readable({ objectMode: true, highWaterMark, read: pump });
    return Object.assign(readable, {
      unsubscribe: async () => {
        stopped = true;
        if (wake !== undefined) this.waiting.delete(wake);
      },
    });
  }

  /** The log index of the record at exactly this position; anything else is not a boundary. */
  private indexOf(position: Position): number {
    let low = 0;
    let high = this.log.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.log[middle].position as Position).commit < position.commit) low = middle + 1;
      else high = middle;
    }
    const found = this.log[low];
    if (position.commit === BigInt(this.nextOffset)) return this.log.length;
    if (found === undefined || (found.position as Position).commit !== position.commit) {
      throw new UnknownError(undefined, `Unexpected: ReadAllResult.InvalidPosition (${position.commit})`);
    }
    return low;
  }
}

function matches(record: KurrentRecord, filter: Filter): boolean {
  const subject = filter.filterOn === EVENT_TYPE ? record.type : record.streamId;
  if ('prefixes' in filter) return filter.prefixes.some((prefix) => subject.startsWith(prefix));
  return new RegExp(filter.regex).test(subject);
}
