import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { describe, expect, it } from 'vitest';
import { isKurrentDbConnectionString, withTlsOptions } from './connection-string';

describe('TLS options from config', () => {
  it('leaves the connection string alone without options', () => {
    expect(withTlsOptions('kurrentdb://localhost:2113?tls=false', undefined)).toBe(
      'kurrentdb://localhost:2113?tls=false',
    );
  });

  it('adds the client query parameters, encoding file paths', () => {
    expect(
      withTlsOptions('kurrentdb://node1:2113', {
        enabled: true,
        verifyCert: false,
        caFile: '/etc/berth/ca dir/ca.crt',
      }),
    ).toBe(
      'kurrentdb://node1:2113?tls=true&tlsVerifyCert=false&tlsCAFile=%2Fetc%2Fberth%2Fca%20dir%2Fca.crt',
    );
  });

  it('replaces a parameter the string already has and keeps the others', () => {
    expect(withTlsOptions('kurrentdb://n:2113?tls=false&nodePreference=leader', { enabled: true })).toBe(
      'kurrentdb://n:2113?nodePreference=leader&tls=true',
    );
  });

  it('produces strings the official client parses', async () => {
    const text = withTlsOptions('kurrentdb+discover://admin:changeit@node1:2113,node2:2113', {
      enabled: true,
      verifyCert: false,
    });
    const client = KurrentDBClient.connectionString(text);
    expect(client).toBeInstanceOf(KurrentDBClient);
    await client.dispose();
  });

  it('makes the client load the certificate files at once, so a wrong path fails at open', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'berth-tls-'));
    try {
      const text = withTlsOptions('kurrentdb://node1:2113', {
        certFile: join(dir, 'user.crt'),
        keyFile: join(dir, 'user.key'),
      });
      expect(() => KurrentDBClient.connectionString(text)).toThrow(/certificate file.*not found/i);
      await writeFile(join(dir, 'user.crt'), 'not a PEM certificate');
      await writeFile(join(dir, 'user.key'), 'not a PEM key');
      expect(() => KurrentDBClient.connectionString(text)).toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('recognises the client schemes', () => {
    expect(isKurrentDbConnectionString('kurrentdb://h:2113')).toBe(true);
    expect(isKurrentDbConnectionString('esdb+discover://h:2113')).toBe(true);
    expect(isKurrentDbConnectionString('sqlite:/tmp/x.db')).toBe(false);
    expect(isKurrentDbConnectionString('http://h:2113')).toBe(false);
  });
});
