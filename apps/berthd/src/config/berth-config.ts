import { isAbsolute, resolve } from 'node:path';

export type LogLevelName = 'error' | 'warn' | 'log' | 'debug' | 'verbose';
export type EventStoreKind = 'sqlite' | 'kurrentdb';
export type RuntimeKind = 'containerd' | 'process' | 'auto';

/** berthd's configuration: flags win over environment variables, which win over defaults. */
export interface BerthConfig {
  readonly dataDir: string;
  readonly logLevel: LogLevelName;
  readonly logFormat: 'text' | 'json';
  /** host:port of the health/metrics listener (loopback by default). */
  readonly httpHost: string;
  readonly httpPort: number;
  readonly eventStore: EventStoreKind;
  /** SQLite file, under the data dir by default. */
  readonly sqlitePath: string;
  readonly kurrentDbUrl?: string;
  readonly runtime: RuntimeKind;
  /** containerd socket; unset = berthd runs its own containerd. */
  readonly containerdAddress?: string;
  readonly containerdNamespace: string;
  readonly experimental: boolean;
  readonly bridge: string;
  readonly dockerSocket: string;
  readonly dockerTcp?: { readonly host: string; readonly port: number };
  readonly dockerToken?: string;
  readonly dockerTlsCert?: string;
  readonly dockerTlsKey?: string;
  readonly dockerTlsCa?: string;
  readonly bridgeSubnet: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`invalid configuration ${field}: ${message}`);
  }
}

export const LOG_LEVELS: readonly LogLevelName[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** Log levels Nest should print for a chosen level (each level includes the more severe ones). */
export function logLevelsFrom(level: LogLevelName): LogLevelName[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}

export function absolutePath(path: string, cwd: string = process.cwd()): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}
