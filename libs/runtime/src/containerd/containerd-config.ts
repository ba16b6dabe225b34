import { join } from 'node:path';

/** The files and directories of a containerd that berth manages under its data dir. */
export interface ContainerdPaths {
  /** <dataDir>/containerd */
  readonly base: string;
  readonly config: string;
  readonly root: string;
  readonly state: string;
  readonly opt: string;
  /** gRPC socket. */
  readonly socket: string;
  /** ttrpc socket (shims publish events here). */
  readonly ttrpcSocket: string;
  readonly pidFile: string;
  /** containerd's own stdout/stderr. */
  readonly logFile: string;
  /** runc's state root for berth's tasks (passed in the runc shim options). */
  readonly runcRoot: string;
}

/** Unix socket paths are limited to 108 bytes (sun_path) including the NUL. */
const MAX_SOCKET_PATH = 107;

export function containerdPaths(dataDir: string): ContainerdPaths {
  const base = join(dataDir, 'containerd');
  const paths: ContainerdPaths = {
    base,
    config: join(base, 'config.toml'),
    root: join(base, 'root'),
    state: join(base, 'state'),
    opt: join(base, 'opt'),
    socket: join(base, 'containerd.sock'),
    ttrpcSocket: join(base, 'containerd.sock.ttrpc'),
    pidFile: join(base, 'containerd.pid'),
    logFile: join(base, 'containerd.log'),
    runcRoot: join(base, 'runc'),
  };
  if (Buffer.byteLength(paths.ttrpcSocket) > MAX_SOCKET_PATH) {
    throw new Error(`data dir too long for a unix socket path (${paths.ttrpcSocket}): use a shorter --data-dir`);
  }
  return paths;
}

const quote = (value: string): string => JSON.stringify(value);

/**
 * containerd 1.6 config (version 2) for a private instance: its own root, state, sockets and opt
 * dir, so it never touches the system containerd's (/var/lib/containerd, /run/containerd/*.sock).
 * CRI is switched off with disabled_plugins (in 1.6 `disable = true` under the cri plugin is not
 * enough); devmapper (unconfigured, it only warns) too. The legacy v1 runtime must stay: 1.6's
 * tasks service fails to load without it.
 * Unavoidable shared path: containerd 1.6 shims put their sockets in /run/containerd/s/<hash>
 * (the hash includes this instance's address, so names never collide).
 */
export function renderContainerdConfig(paths: ContainerdPaths): string {
  return [
    '# Written by berthd: a private containerd for berth. Changes are overwritten at start.',
    'version = 2',
    `root = ${quote(paths.root)}`,
    `state = ${quote(paths.state)}`,
    'disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.devmapper"]',
    '',
    '[grpc]',
    `  address = ${quote(paths.socket)}`,
    '  tcp_address = ""',
    '',
    '[ttrpc]',
    `  address = ${quote(paths.ttrpcSocket)}`,
    '',
    '[debug]',
    '  address = ""',
    '  level = "info"',
    '',
    '[metrics]',
    '  address = ""',
    '',
    '[plugins]',
    '  [plugins."io.containerd.internal.v1.opt"]',
    `    path = ${quote(paths.opt)}`,
    '',
  ].join('\n');
}
