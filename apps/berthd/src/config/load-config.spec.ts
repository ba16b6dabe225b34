import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './berth-config';
import { loadConfig } from './load-config';

describe('loadConfig', () => {
  it('defaults to ./data, SQLite under it, loopback health port, auto runtime', () => {
    const config = loadConfig([], {});
    expect(config.dataDir).toBe(join(process.cwd(), 'data'));
    expect(config.sqlitePath).toBe(join(process.cwd(), 'data', 'berth.db'));
    expect(config).toMatchObject({
      httpHost: '127.0.0.1',
      httpPort: 8420,
      eventStore: 'sqlite',
      runtime: 'auto',
      logLevel: 'log',
    });
  });

  it('takes BERTH_DATA_DIR and lets a flag win over the environment', () => {
    expect(loadConfig([], { BERTH_DATA_DIR: '/srv/berth' }).dataDir).toBe('/srv/berth');
    expect(loadConfig(['--data-dir', '/x'], { BERTH_DATA_DIR: '/srv/berth' }).dataDir).toBe('/x');
    expect(loadConfig(['--log-level', 'debug'], { BERTH_LOG_LEVEL: 'error' }).logLevel).toBe('debug');
  });

  it('names the field of a bad value', () => {
    expect(() => loadConfig([], { BERTH_LOG_LEVEL: 'loud' })).toThrow(
      /--log-level \(BERTH_LOG_LEVEL\).*"loud"/,
    );
    expect(() => loadConfig(['--http', 'x:y'])).toThrow(/--http \(BERTH_HTTP_ADDR\)/);
    expect(() => loadConfig([], { BERTH_RUNTIME: 'docker' })).toThrow(ConfigError);
    expect(() => loadConfig(['--bogus'])).toThrow(/unknown option '--bogus'/);
  });

  it('requires a connection string for KurrentDB', () => {
    expect(() => loadConfig([], { BERTH_EVENT_STORE: 'kurrentdb' })).toThrow(/BERTH_KURRENTDB_URL.*required/);
    expect(
      loadConfig([], { BERTH_EVENT_STORE: 'kurrentdb', BERTH_KURRENTDB_URL: 'kurrentdb://h:2113?tls=false' })
        .kurrentDbUrl,
    ).toBe('kurrentdb://h:2113?tls=false');
  });

  it('serves the Docker API over TCP only with a token or mutual TLS', () => {
    expect(() => loadConfig(['--docker-tcp', '127.0.0.1:2376'], {})).toThrow(/BERTH_DOCKER_TOKEN/);
    expect(() => loadConfig(['--docker-tcp', '127.0.0.1:2376', '--docker-tls-cert', 'c', '--docker-tls-key', 'k'], {})).toThrow(/--docker-tls-ca/);
    expect(loadConfig(['--docker-tcp', '127.0.0.1:2376'], { BERTH_DOCKER_TOKEN: 's3cret' }).dockerToken).toBe('s3cret');
    expect(loadConfig(['--docker-tcp', '2376', '--docker-tls-cert', 'c', '--docker-tls-key', 'k', '--docker-tls-ca', 'a'], {}).dockerTcp).toEqual({ host: '127.0.0.1', port: 2376 });
    expect(loadConfig([], {}).dockerSocket).toBe(join(process.cwd(), 'data', 'berth.sock'));
  });
});
