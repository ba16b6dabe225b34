import { convertRustEvent } from '@kurrent/kurrentdb-client/dist/utils/convertRustEvent';
import type { ResolvedEvent } from '@kurrent/kurrentdb-client';
import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../event-store.port';
import {
  fromKurrentMetadata,
  toEventData,
  toKurrentMetadata,
  toRecordedEvent,
  type KurrentRecord,
} from './event-mapping';
import { StreamNames } from './stream-names';

const newEvent: NewEvent = {
  id: '0b6e3f4a-3c1f-4d7e-9d59-2b1f6b0c9a11',
  type: 'ContainerStarted',
  schemaVersion: 2,
  data: { pid: 4242, startedAt: '2025-01-02T03:04:05.000Z', labels: ['a', 'b'] },
  metadata: {
    correlationId: 'corr-1',
    causationId: 'cause-1',
    commandId: 'cmd-1',
    actor: 'cli',
    source: 'berthd',
    tenant: 't1',
  },
};

/**
 * What the wire carries for `event` (the client JSON-encodes data and metadata), decoded by the
 * client's own conversion of what its native bridge returns: a server round trip minus the server.
 */
function throughTheClient(
  event: NewEvent,
  stored: { stream: string; revision: bigint; position: bigint; created: number },
) {
  const data = toEventData(event);
  const resolved = convertRustEvent<ResolvedEvent>({
    event: {
      streamId: stored.stream,
      id: data.id,
      type: data.type,
      isJson: data.contentType === 'application/json',
      revision: stored.revision,
      created: stored.created,
      data: Buffer.from(JSON.stringify(data.data)),
      metadata: Buffer.from(JSON.stringify(data.metadata)),
      position: { commit: stored.position, prepare: stored.position },
    },
    commitPosition: stored.position,
  });
  return resolved;
}

describe('new event → KurrentDB JSON event', () => {
  it('keeps the id, type and data, and stores metadata with KurrentDB correlation keys', () => {
    const data = toEventData(newEvent);
    expect(data).toMatchObject({
      id: newEvent.id,
      type: 'ContainerStarted',
      contentType: 'application/json',
      data: newEvent.data,
    });
    expect(data.metadata).toEqual({
      $correlationId: 'corr-1',
      $causationId: 'cause-1',
      commandId: 'cmd-1',
      actor: 'cli',
      source: 'berthd',
      tenant: 't1',
      schemaVersion: 2,
    });
  });

  it('never stores a caller-given recordedAt nor undefined values', () => {
    expect(
      toKurrentMetadata(1, { recordedAt: '1999-01-01T00:00:00Z', actor: undefined, source: 's' }),
    ).toEqual({
      source: 's',
      schemaVersion: 1,
    });
  });

  it('refuses ids that are not UUIDs and data without a JSON form, naming the event', () => {
    expect(() => toEventData({ ...newEvent, id: 'evt-1' })).toThrow(/must be a UUID/);
    expect(() => toEventData({ ...newEvent, data: undefined })).toThrow(/data must be JSON/);
    expect(() => toEventData({ ...newEvent, schemaVersion: 1.5 })).toThrow(/schemaVersion/);
  });
});

describe('KurrentDB resolved event → recorded event', () => {
  it('round-trips id, type, schema version, data and metadata; revision and commit position become numbers', () => {
    const created = Date.parse('2025-03-04T05:06:07.089Z');
    const resolved = throughTheClient(newEvent, {
      stream: 'container-abc',
      revision: 7n,
      position: 123_456n,
      created,
    });
    const recorded = toRecordedEvent(resolved, new StreamNames());
    expect(recorded).toEqual({
      id: newEvent.id,
      type: 'ContainerStarted',
      schemaVersion: 2,
      stream: 'container-abc',
      revision: 7,
      position: 123_456,
      recordedAt: '2025-03-04T05:06:07.089Z',
      data: newEvent.data,
      metadata: { ...newEvent.metadata, recordedAt: '2025-03-04T05:06:07.089Z' },
    });
  });

  it('round-trips data that is not an object (string, array, null)', () => {
    for (const data of ['plain', [1, 2], null, 0]) {
      const resolved = throughTheClient(
        { ...newEvent, data },
        { stream: 's', revision: 0n, position: 10n, created: 0 },
      );
      expect(toRecordedEvent(resolved, new StreamNames())?.data).toEqual(data);
    }
  });

  it('strips the namespace and ignores streams outside it', () => {
    const names = new StreamNames('test-42/');
    const inside = throughTheClient(newEvent, {
      stream: 'test-42/container-1',
      revision: 0n,
      position: 5n,
      created: 0,
    });
    const outside = throughTheClient(newEvent, {
      stream: 'other/container-1',
      revision: 0n,
      position: 6n,
      created: 0,
    });
    expect(toRecordedEvent(inside, names)?.stream).toBe('container-1');
    expect(toRecordedEvent(outside, names)).toBeUndefined();
  });

  it('skips a link whose target is gone', () => {
    expect(toRecordedEvent({ commitPosition: 5n }, new StreamNames())).toBeUndefined();
  });

  it('rejects a position beyond 2^53 - 1 instead of rounding it', () => {
    const resolved = throughTheClient(newEvent, {
      stream: 's',
      revision: 0n,
      position: 2n ** 53n + 1n,
      created: 0,
    });
    expect(() => toRecordedEvent(resolved, new StreamNames())).toThrow(/beyond 2\^53 - 1/);
  });

  it('says which server version is needed when an event comes without a position', () => {
    const record: KurrentRecord = {
      streamId: 's',
      id: newEvent.id,
      revision: 0n,
      type: 't',
      created: new Date(0),
      isJson: true,
      data: {},
    };
    expect(() => toRecordedEvent({ event: record }, new StreamNames())).toThrow(/22\.6 or later/);
  });

  it('reads foreign metadata: missing schemaVersion is 1, non-string values become JSON text, binary metadata is ignored', () => {
    expect(fromKurrentMetadata({ $correlationId: 'c', retries: 3, nested: { a: 1 } })).toEqual({
      metadata: { correlationId: 'c', retries: '3', nested: '{"a":1}' },
      schemaVersion: 1,
    });
    expect(fromKurrentMetadata(new Uint8Array([1, 2, 3]))).toEqual({ metadata: {}, schemaVersion: 1 });
    expect(fromKurrentMetadata(undefined)).toEqual({ metadata: {}, schemaVersion: 1 });
  });
});
