import { describe, expect, it } from 'vitest';
import { EventStoreUnavailableError } from '../errors';
import { openKurrentDbEventStore } from './open-kurrentdb-event-store';

describe('opening the KurrentDB adapter', () => {
  it('refuses a connection string that is not KurrentDB, without showing the password', async () => {
    const opening = openKurrentDbEventStore({ connectionString: 'postgres://user:secret@db:5432/berth' });
    await expect(opening).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(opening).rejects.toThrow(/not a KurrentDB connection string/);
    await expect(opening).rejects.not.toThrow(/secret/);
  });

  it('fails at open, naming the server, when nothing listens there', async () => {
    const opening = openKurrentDbEventStore({
      connectionString: 'kurrentdb://admin:secret@127.0.0.1:1?tls=false',
    });
    await expect(opening).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(opening).rejects.toThrow(
      /KurrentDB at kurrentdb:\/\/\*\*\*@127\.0\.0\.1:1\?tls=false is unavailable/,
    );
  });

  it('reports a TLS certificate file that does not exist as unavailable', async () => {
    const opening = openKurrentDbEventStore({
      connectionString: 'kurrentdb://127.0.0.1:1',
      tls: { certFile: '/nonexistent/user.crt', keyFile: '/nonexistent/user.key' },
    });
    await expect(opening).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(opening).rejects.toThrow(/certificate/i);
  });
});
