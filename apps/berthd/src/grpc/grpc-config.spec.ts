import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/berth-config';
import { loadGrpcConfig } from './grpc-config';

const pem = (path: string): string => `PEM of ${path}`;

describe('gRPC configuration', () => {
  it('defaults to loopback 127.0.0.1:8421 in plaintext, and can be switched off', () => {
    expect(loadGrpcConfig({}, pem)).toMatchObject({
      enabled: true,
      host: '127.0.0.1',
      port: 8421,
      explicit: false,
      tls: undefined,
    });
    expect(loadGrpcConfig({ BERTH_GRPC_ADDR: '9000' }, pem)).toMatchObject({
      host: '127.0.0.1',
      port: 9000,
      explicit: true,
    });
    expect(loadGrpcConfig({ BERTH_GRPC_ADDR: '[::1]:0' }, pem)).toMatchObject({ host: '::1', port: 0 });
    expect(loadGrpcConfig({ BERTH_GRPC_ADDR: 'off' }, pem).enabled).toBe(false);
  });

  it('refuses a non-loopback address without TLS, and half a TLS setup', () => {
    expect(() => loadGrpcConfig({ BERTH_GRPC_ADDR: '0.0.0.0:8421' }, pem)).toThrow(ConfigError);
    expect(() => loadGrpcConfig({ BERTH_GRPC_ADDR: 'x:y' }, pem)).toThrow(/BERTH_GRPC_ADDR/);
    expect(() => loadGrpcConfig({ BERTH_GRPC_TLS_CERT: '/c' }, pem)).toThrow(/give both or neither/);
    expect(() => loadGrpcConfig({ BERTH_GRPC_TLS_CA: '/ca' }, pem)).toThrow(/BERTH_GRPC_TLS_CA/);
  });

  it('reads the PEM files for TLS and mutual TLS, naming a file it cannot read', () => {
    const tls = loadGrpcConfig(
      {
        BERTH_GRPC_ADDR: '0.0.0.0:8421',
        BERTH_GRPC_TLS_CERT: '/c',
        BERTH_GRPC_TLS_KEY: '/k',
        BERTH_GRPC_TLS_CA: '/ca',
      },
      pem,
    );
    expect(tls).toMatchObject({
      host: '0.0.0.0',
      tls: { cert: 'PEM of /c', key: 'PEM of /k', ca: 'PEM of /ca' },
    });
    const missing = (path: string): string => {
      throw new Error(`ENOENT ${path}`);
    };
    expect(() => loadGrpcConfig({ BERTH_GRPC_TLS_CERT: '/c', BERTH_GRPC_TLS_KEY: '/k' }, missing)).toThrow(
      'cannot read /c: ENOENT /c',
    );
  });
});
