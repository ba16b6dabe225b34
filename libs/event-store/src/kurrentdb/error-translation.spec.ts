import {
  AccessDeniedError,
  StreamNotFoundError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError as KurrentWrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { describe, expect, it } from 'vitest';
import { EventStoreUnavailableError, WrongExpectedVersionError } from '../errors';
import { isStreamNotFound, redactConnectionString, translateClientError } from './error-translation';

const location = 'kurrentdb://db.example:2113?tls=false';

describe('translating the client errors', () => {
  it('turns a wrong expected version into ours, with our expectation and the actual revision', () => {
    const clientError = new KurrentWrongExpectedVersionError(undefined, {
      streamName: 'container-1',
      expected: 3n,
      current: 5n,
    });
    const translated = translateClientError(clientError, { stream: 'container-1', expected: 3, location });
    expect(translated).toBeInstanceOf(WrongExpectedVersionError);
    expect(translated).toMatchObject({ stream: 'container-1', expected: 3, actual: 5 });
  });

  it('reports a stream that does not exist as actual no_stream', () => {
    const clientError = new KurrentWrongExpectedVersionError(undefined, {
      streamName: 'ns-container-2',
      expected: 'stream_exists',
      current: 'no_stream',
    });
    const translated = translateClientError(clientError, {
      stream: 'container-2',
      expected: 'stream_exists',
      location,
    });
    expect(translated).toMatchObject({
      stream: 'container-2',
      expected: 'stream_exists',
      actual: 'no_stream',
    });
    expect((translated as Error).message).toContain('expected stream_exists, actual no_stream');
  });

  it('falls back to the server stream name when the caller gave none', () => {
    const clientError = new KurrentWrongExpectedVersionError(undefined, {
      streamName: 's',
      expected: 'no_stream',
      current: 0n,
    });
    expect(translateClientError(clientError, { location })).toMatchObject({ stream: 's', actual: 0 });
  });

  it('recognises a missing stream (read as empty by the adapter)', () => {
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 'container-9'))).toBe(true);
    expect(isStreamNotFound(new UnknownError())).toBe(false);
    expect(isStreamNotFound(new Error('container-9 not found'))).toBe(false);
  });

  it('turns connection failures into EventStoreUnavailableError naming the server', () => {
    for (const failure of [
      new UnavailableError(),
      Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 }),
    ]) {
      const translated = translateClientError(failure, { location });
      expect(translated).toBeInstanceOf(EventStoreUnavailableError);
      expect(translated).toMatchObject({ location });
      expect((translated as Error).message).toContain('db.example:2113');
      expect((translated as Error).cause).toBe(failure);
    }
  });

  it('turns access denied into EventStoreUnavailableError that points at the credentials', () => {
    const translated = translateClientError(new AccessDeniedError(), { location });
    expect(translated).toBeInstanceOf(EventStoreUnavailableError);
    expect((translated as Error).message).toMatch(/credentials/);
  });

  it('passes other errors through unchanged', () => {
    const other = new TypeError('bad data');
    expect(translateClientError(other, { location })).toBe(other);
  });

  it('never puts a password in a location', () => {
    expect(redactConnectionString('kurrentdb://admin:changeit@node1:2113?tls=true')).toBe(
      'kurrentdb://***@node1:2113?tls=true',
    );
    expect(redactConnectionString('kurrentdb+discover://u:p@cluster:2113')).toBe(
      'kurrentdb+discover://***@cluster:2113',
    );
    expect(redactConnectionString(location)).toBe(location);
  });
});
