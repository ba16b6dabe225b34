import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventStoreUnavailableError } from './errors';
import { describeEventStoreConfig, openEventStore } from './open-event-store';

describe('openEventStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-open-store-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('opens the SQLite adapter for kind sqlite', async () => {
    const store = await openEventStore({ kind: 'sqlite', path: join(dir, 'events.db') });
    try {
      expect(store.name).toBe('sqlite');
      await store.append(
        'container-1',
        [{ id: 'f2a0c3d4-0000-4000-8000-000000000001', type: 'T', schemaVersion: 1, data: {} }],
        'no_stream',
      );
      expect(await store.headPosition()).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });

  it('opens the KurrentDB adapter for kind kurrentdb (and says so when the server is not there)', async () => {
    const opening = openEventStore({
      kind: 'kurrentdb',
      connectionString: 'kurrentdb://127.0.0.1:1?tls=false',
    });
    await expect(opening).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(opening).rejects.toThrow(
      /KurrentDB at kurrentdb:\/\/127\.0\.0\.1:1\?tls=false is unavailable/,
    );
  });
});

describe('describing the configured store for the startup log', () => {
  it('names the file or the server, never the password', () => {
    expect(describeEventStoreConfig({ kind: 'sqlite', path: '/var/lib/berth/berth.db' })).toBe(
      'sqlite /var/lib/berth/berth.db',
    );
    expect(
      describeEventStoreConfig({ kind: 'kurrentdb', connectionString: 'kurrentdb://admin:changeit@k:2113' }),
    ).toBe('kurrentdb kurrentdb://***@k:2113');
  });
});
