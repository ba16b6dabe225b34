import { Command, Option } from 'commander';
import { join } from 'node:path';
import {
  absolutePath,
  BerthConfig,
  ConfigError,
  EventStoreKind,
  LOG_LEVELS,
  LogLevelName,
  RuntimeKind,
} from './berth-config';

type Env = Readonly<Record<string, string | undefined>>;

function oneOf<T extends string>(field: string, allowed: readonly T[], value: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(field, `"${value}" is not one of ${allowed.join(', ')}`);
}

function parseHostPort(field: string, value: string): { host: string; port: number } {
  const match = /^(?:(.*):)?(\d+)$/.exec(value);
  if (!match) throw new ConfigError(field, `"${value}" is not host:port or port`);
  const port = Number(match[2]);
  if (port > 65535) throw new ConfigError(field, `port ${match[2]} is out of range`);
  return { host: match[1] || '127.0.0.1', port };
}

function parseBool(field: string, value: string): boolean {
  const v = value.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  throw new ConfigError(field, `"${value}" is not a boolean`);
}

const OPTIONS = {
  dataDir: ['--data-dir <dir>', 'BERTH_DATA_DIR', 'data directory', './data'],
  logLevel: ['--log-level <level>', 'BERTH_LOG_LEVEL', `log level: ${LOG_LEVELS.join(', ')}`, 'log'],
  logFormat: ['--log-format <format>', 'BERTH_LOG_FORMAT', 'log format: text, json', 'text'],
  http: ['--http <host:port>', 'BERTH_HTTP_ADDR', 'health and metrics listener', '127.0.0.1:8420'],
  eventStore: ['--event-store <kind>', 'BERTH_EVENT_STORE', 'event store: sqlite, kurrentdb', 'sqlite'],
  sqlitePath: [
    '--sqlite-path <file>',
    'BERTH_SQLITE_PATH',
    'SQLite event store file (default <data-dir>/berth.db)',
    undefined,
  ],
  kurrentdbUrl: ['--kurrentdb-url <url>', 'BERTH_KURRENTDB_URL', 'KurrentDB connection string', undefined],
  runtime: ['--runtime <kind>', 'BERTH_RUNTIME', 'container runtime: auto, containerd, process', 'auto'],
  containerdAddress: [
    '--containerd-address <socket>',
    'BERTH_CONTAINERD_ADDRESS',
    'containerd socket (unset: berthd runs its own)',
    undefined,
  ],
  containerdNamespace: [
    '--containerd-namespace <ns>',
    'BERTH_CONTAINERD_NAMESPACE',
    'containerd namespace',
    'berth',
  ],
  bridge: ['--bridge <name>', 'BERTH_BRIDGE', 'Linux bridge of the bridge network', 'berth0'],
  bridgeSubnet: [
    '--bridge-subnet <cidr>',
    'BERTH_BRIDGE_SUBNET',
    'IPv4 subnet of the bridge network',
    '10.213.0.0/24',
  ],
  dockerSocket: ['--docker-socket <path>', 'BERTH_DOCKER_SOCKET', 'Docker API unix socket (default <data-dir>/berth.sock)', undefined],
  dockerTcp: ['--docker-tcp <host:port>', 'BERTH_DOCKER_TCP', 'also serve the Docker API on TCP (needs a token or TLS)', undefined],
  dockerTlsCert: ['--docker-tls-cert <file>', 'BERTH_DOCKER_TLS_CERT', 'TLS certificate of the Docker API TCP listener', undefined],
  dockerTlsKey: ['--docker-tls-key <file>', 'BERTH_DOCKER_TLS_KEY', 'TLS key of the Docker API TCP listener', undefined],
  dockerTlsCa: ['--docker-tls-ca <file>', 'BERTH_DOCKER_TLS_CA', 'CA that client certificates of the Docker API TCP listener must chain to', undefined],
  experimental: ['--experimental <bool>', 'BERTH_EXPERIMENTAL', 'enable experimental features', 'false'],
} as const satisfies Record<string, readonly [string, string, string, string | undefined]>;

type Key = keyof typeof OPTIONS;

/** Reads berthd's configuration: command-line flags win over BERTH_* environment variables, which win over defaults. */
export function loadConfig(argv: readonly string[], env: Env = process.env): BerthConfig {
  const program = new Command('berthd')
    .description('berth daemon: the container start lifecycle as an event-sourced service')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });
  for (const [flags, envName, description, fallback] of Object.values(OPTIONS)) {
    program.addOption(
      new Option(flags, `${description} [env ${envName}${fallback ? `, default ${fallback}` : ''}]`),
    );
  }
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ConfigError('arguments', message.replace(/^error: /, ''));
  }
  const flags = program.opts<Partial<Record<Key, string>>>();
  const value = (key: Key): string | undefined => flags[key] ?? env[OPTIONS[key][1]] ?? OPTIONS[key][3];
  const field = (key: Key): string => `${OPTIONS[key][0].split(' ')[0]} (${OPTIONS[key][1]})`;
  const required = (key: Key): string => value(key) as string;

  const dataDir = absolutePath(required('dataDir'));
  const http = parseHostPort(field('http'), required('http'));
  const eventStore = oneOf<EventStoreKind>(
    field('eventStore'),
    ['sqlite', 'kurrentdb'],
    required('eventStore'),
  );
  const kurrentDbUrl = value('kurrentdbUrl');
  if (eventStore === 'kurrentdb' && !kurrentDbUrl)
    throw new ConfigError(field('kurrentdbUrl'), 'required when the event store is kurrentdb');
  const namespace = required('containerdNamespace');
  if (!/^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/.test(namespace)) {
    throw new ConfigError(field('containerdNamespace'), `"${namespace}" is not a valid containerd namespace`);
  }
  const sqlitePath = value('sqlitePath');
  // Over TCP the Docker API is root on this host: a bearer token, or TLS that verifies client certificates.
  if (value('dockerTcp') && !env.BERTH_DOCKER_TOKEN && !(value('dockerTlsCert') && value('dockerTlsKey') && value('dockerTlsCa'))) {
    throw new ConfigError(
      field('dockerTcp'),
      'the Docker API over TCP needs BERTH_DOCKER_TOKEN, or --docker-tls-cert, --docker-tls-key and --docker-tls-ca (client certificates verified)',
    );
  }
  if ((value('dockerTlsCert') === undefined) !== (value('dockerTlsKey') === undefined)) {
    throw new ConfigError(field('dockerTlsCert'), '--docker-tls-cert and --docker-tls-key go together');
  }
  return {
    dataDir,
    logLevel: oneOf<LogLevelName>(field('logLevel'), LOG_LEVELS, required('logLevel')),
    logFormat: oneOf(field('logFormat'), ['text', 'json'] as const, required('logFormat')),
    httpHost: http.host,
    httpPort: http.port,
    eventStore,
    sqlitePath: sqlitePath ? absolutePath(sqlitePath) : join(dataDir, 'berth.db'),
    kurrentDbUrl,
    runtime: oneOf<RuntimeKind>(field('runtime'), ['auto', 'containerd', 'process'], required('runtime')),
    containerdAddress: value('containerdAddress'),
    containerdNamespace: namespace,
    experimental: parseBool(field('experimental'), required('experimental')),
    dockerSocket: absolutePath(value('dockerSocket') ?? join(dataDir, 'berth.sock')),
    dockerTcp: value('dockerTcp') ? parseHostPort(field('dockerTcp'), value('dockerTcp') as string) : undefined,
    // The token is read from the environment only (never a flag: flags show in ps).
    dockerToken: env.BERTH_DOCKER_TOKEN || undefined,
    dockerTlsCert: value('dockerTlsCert'),
    dockerTlsKey: value('dockerTlsKey'),
    dockerTlsCa: value('dockerTlsCa'),
    bridge: required('bridge'),
    bridgeSubnet: required('bridgeSubnet'),
  };
}

/** Settings read from the environment only (secrets never go on a command line; gRPC has its own loader). */
const ENV_ONLY = [
  ['BERTH_DOCKER_TOKEN', 'bearer token of the Docker API over TCP'],
  ['BERTH_GRPC_ADDR', 'gRPC API address (default 127.0.0.1:8421, off disables; loopback only without TLS)'],
  ['BERTH_GRPC_TLS_CERT / _KEY / _CA', 'TLS for the gRPC API (a CA makes it mutual TLS)'],
] as const;

export function configHelp(): string {
  const envOnly = ENV_ONLY.map(([name, description]) => `  ${''.padEnd(32)} ${name.padEnd(28)} ${description}`).join('\n');
  return `${Object.values(OPTIONS)
    .map(
      ([flags, envName, description, fallback]) =>
        `  ${flags.padEnd(32)} ${envName.padEnd(28)} ${description}${fallback ? ` (default ${fallback})` : ''}`,
    )
    .join('\n')}\n${envOnly}`;
}
