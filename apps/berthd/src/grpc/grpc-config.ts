import { ConfigError } from '../config/berth-config';

type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_GRPC_ADDRESS = '127.0.0.1:8421';

export interface GrpcTlsConfig {
  /** PEM server certificate chain and private key. */
  readonly cert: string;
  readonly key: string;
  /** PEM CA bundle: when set, clients must present a certificate it signed (mutual TLS). */
  readonly ca?: string;
}

/** Where and how berthd serves berth.v1 (environment only: BERTH_GRPC_*). */
export interface GrpcConfig {
  /** false: BERTH_GRPC_ADDR=off. */
  readonly enabled: boolean;
  readonly host: string;
  /** 0 = any free port (the bound one is written to the address file). */
  readonly port: number;
  /** BERTH_GRPC_ADDR was given: failing to bind it is fatal (the default port may be busy: warn). */
  readonly explicit: boolean;
  readonly tls?: GrpcTlsConfig;
  readonly maxReceiveBytes: number;
  readonly maxSendBytes: number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Reads a PEM file named by an environment variable. */
export type ReadPem = (path: string) => string;

/**
 * BERTH_GRPC_ADDR (host:port, default 127.0.0.1:8421; `off` disables), BERTH_GRPC_TLS_CERT and
 * BERTH_GRPC_TLS_KEY (PEM files: TLS), BERTH_GRPC_TLS_CA (PEM: require client certificates).
 * Without TLS only a loopback address is accepted.
 */
export function loadGrpcConfig(env: Env, readPem: ReadPem): GrpcConfig {
  const raw = env.BERTH_GRPC_ADDR?.trim();
  const limits = { maxReceiveBytes: 4 * 1024 * 1024, maxSendBytes: 16 * 1024 * 1024 };
  if (raw === 'off' || raw === 'none')
    return { enabled: false, host: '', port: 0, explicit: true, ...limits };
  const address = raw || DEFAULT_GRPC_ADDRESS;
  const match = /^(?:\[?([^\]]*)\]?:)?(\d+)$/.exec(address);
  if (!match) throw new ConfigError('BERTH_GRPC_ADDR', `"${address}" is not host:port, port or off`);
  const port = Number(match[2]);
  if (port > 65535) throw new ConfigError('BERTH_GRPC_ADDR', `port ${match[2]} is out of range`);
  const host = match[1] || '127.0.0.1';
  const certPath = env.BERTH_GRPC_TLS_CERT;
  const keyPath = env.BERTH_GRPC_TLS_KEY;
  const caPath = env.BERTH_GRPC_TLS_CA;
  if (Boolean(certPath) !== Boolean(keyPath))
    throw new ConfigError('BERTH_GRPC_TLS_CERT/BERTH_GRPC_TLS_KEY', 'give both or neither');
  if (caPath && !certPath)
    throw new ConfigError(
      'BERTH_GRPC_TLS_CA',
      'mutual TLS needs BERTH_GRPC_TLS_CERT and BERTH_GRPC_TLS_KEY too',
    );
  const pem = (field: string, path: string): string => {
    try {
      return readPem(path);
    } catch (error) {
      throw new ConfigError(
        field,
        `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  const tls =
    certPath && keyPath
      ? {
          cert: pem('BERTH_GRPC_TLS_CERT', certPath),
          key: pem('BERTH_GRPC_TLS_KEY', keyPath),
          ...(caPath ? { ca: pem('BERTH_GRPC_TLS_CA', caPath) } : {}),
        }
      : undefined;
  if (!tls && !isLoopback(host)) {
    throw new ConfigError(
      'BERTH_GRPC_ADDR',
      `${host} is not a loopback address: without TLS (BERTH_GRPC_TLS_CERT/KEY) berthd serves gRPC on loopback only`,
    );
  }
  return { enabled: true, host, port, explicit: Boolean(raw), tls, ...limits };
}
