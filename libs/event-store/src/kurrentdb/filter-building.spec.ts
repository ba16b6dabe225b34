import { EVENT_TYPE, STREAM_NAME } from '@kurrent/kurrentdb-client';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../event-store.port';
import { acceptsEvent, buildServerFilter, escapeRegex } from './filter-building';
import { StreamNames } from './stream-names';

const names = new StreamNames();

function event(stream: string, type = 'ContainerStarted'): RecordedEvent {
  return {
    id: 'x',
    type,
    schemaVersion: 1,
    stream,
    revision: 0,
    position: 1,
    recordedAt: '',
    data: {},
    metadata: {},
  };
}

describe('server-side $all filter', () => {
  it('filters on stream prefixes when given (inside the namespace)', () => {
    expect(buildServerFilter({ streamPrefixes: ['container-', 'image-'] }, names)).toMatchObject({
      filterOn: STREAM_NAME,
      prefixes: ['container-', 'image-'],
    });
    expect(
      buildServerFilter({ streamPrefixes: ['container-'], eventTypes: ['A'] }, new StreamNames('ns/')),
    ).toMatchObject({
      filterOn: STREAM_NAME,
      prefixes: ['ns/container-'],
    });
  });

  it('filters on the namespace when there are no prefixes', () => {
    expect(buildServerFilter({ eventTypes: ['A'] }, new StreamNames('ns/'))).toMatchObject({
      filterOn: STREAM_NAME,
      prefixes: ['ns/'],
    });
  });

  it('filters on exact event types with an anchored, escaped regex', () => {
    const filter = buildServerFilter({ eventTypes: ['ContainerStarted', 'a.b+c'] }, names);
    expect(filter).toMatchObject({ filterOn: EVENT_TYPE, regex: '^(?:ContainerStarted|a\\.b\\+c)$' });
    const regex = new RegExp('regex' in filter ? filter.regex : '');
    expect(regex.test('ContainerStarted')).toBe(true);
    expect(regex.test('a.b+c')).toBe(true);
    expect(regex.test('axb+c')).toBe(false);
    expect(regex.test('ContainerStartedLater')).toBe(false);
  });

  it('without a filter, excludes system streams and checkpoint streams on the server', () => {
    const filter = buildServerFilter(undefined, names);
    expect(filter.filterOn).toBe(STREAM_NAME);
    const regex = new RegExp('regex' in filter ? filter.regex : '');
    expect(regex.test('container-1')).toBe(true);
    expect(regex.test('$stats-127.0.0.1:2113')).toBe(false);
    expect(regex.test('$$container-1')).toBe(false);
    expect(regex.test('berth-checkpoints-projector')).toBe(false);
    expect(regex.test('berth-other')).toBe(true);
  });
});

describe('client-side filter', () => {
  it('drops system and checkpoint streams and $ event types whatever the filter', () => {
    expect(acceptsEvent(event('$settings'), undefined, names)).toBe(false);
    expect(acceptsEvent(event('berth-checkpoints-x'), { streamPrefixes: ['berth-'] }, names)).toBe(false);
    expect(acceptsEvent(event('container-1', '$metadata'), undefined, names)).toBe(false);
    expect(acceptsEvent(event('container-1'), undefined, names)).toBe(true);
  });

  it('applies prefixes and event types together', () => {
    const filter = { streamPrefixes: ['container-'], eventTypes: ['ContainerStarted'] };
    expect(acceptsEvent(event('container-1'), filter, names)).toBe(true);
    expect(acceptsEvent(event('container-1', 'StartFailed'), filter, names)).toBe(false);
    expect(acceptsEvent(event('image-1'), filter, names)).toBe(false);
  });

  it('escapes every regex metacharacter', () => {
    const text = 'a.b*c+d?e^f$g{h}i(j)k|l[m]n\\o';
    expect(new RegExp(`^${escapeRegex(text)}$`).test(text)).toBe(true);
  });
});
