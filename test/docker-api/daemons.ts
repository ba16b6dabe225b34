import { buildBusyboxRootfs } from '@berth/host';
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Berthd, startBerthd, waitHealthy } from '../support/berthd-process';
import { type CliResult, docker } from '../support/docker-cli';

const found = (binary: string): boolean => spawnSync('sh', ['-c', `command -v ${binary}`]).status === 0;

export const isRoot = process.getuid?.() === 0;
export { hasDockerCli } from '../support/docker-cli';
/** Debian's docker.io (dockerd 20.10): the oracle. */
export const hasDockerd = found('dockerd');
export const hasContainerd = found('containerd') && found('runc');

export type { CliResult } from '../support/docker-cli';

/** The real docker CLI against one daemon socket (bounded, so a hang fails the test). */
export function cli(socket: string, args: readonly string[], timeoutMs = 30_000): CliResult {
  return docker(socket, args, { timeoutMs });
}

/**
 * A busybox rootfs tarball for `docker import`, with `/bin/noexec` (mode 0644, not executable)
 * for the 126 case.
 */
export async function busyboxTarball(work: string): Promise<string> {
  const rootfs = join(work, 'rootfs');
  const tar = join(work, 'busybox.tar');
  await buildBusyboxRootfs(rootfs, tar);
  writeFileSync(join(rootfs, 'bin', 'noexec'), '#!/bin/sh\necho hi\n');
  chmodSync(join(rootfs, 'bin', 'noexec'), 0o644);
  execFileSync('tar', ['--force-local', '-C', rootfs, '-cf', tar, '.']);
  return tar;
}

export interface Daemon {
  readonly socket: string;
  stop(): Promise<void>;
}

async function until(
  what: string,
  check: () => boolean,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Unmounts whatever a daemon left mounted under `dir` (deepest first), so the dir can be deleted safely. */
export function unmountUnder(dir: string): void {
  const mounts = readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1] ?? '')
    .filter((target) => target.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const target of mounts) spawnSync('umount', ['-l', target]);
}

/**
 * A private dockerd 20.10 (the oracle), as in docker-engine-api.md "Running the oracle": its own
 * data root, exec root, socket and pid file under `dir`, no bridge, no iptables.
 */
export async function startOracle(dir: string): Promise<Daemon> {
  mkdirSync(dir, { recursive: true });
  const socket = join(dir, 'docker.sock');
  let output = '';
  const child = spawn(
    'dockerd',
    [
      '--data-root',
      join(dir, 'data'),
      '--exec-root',
      join(dir, 'exec'),
      '-H',
      `unix://${socket}`,
      '--pidfile',
      join(dir, 'dockerd.pid'),
      '--bridge=none',
      '--iptables=false',
      '--ip-masq=false',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited(child);
    clearTimeout(timer);
    unmountUnder(dir);
  };
  try {
    await until(
      'dockerd to answer',
      () => existsSync(socket) && cli(socket, ['version', '--format', '{{.Server.APIVersion}}']).code === 0,
      30_000,
      () => output,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { socket, stop };
}

export interface BerthdDaemon extends Daemon {
  readonly berthd: Berthd;
  readonly dataDir: string;
}

/**
 * The built berthd (`npm run build` first) with its own data dir; on containerd it gets its own
 * containerd namespace and bridge (name ≤ 15 chars) and subnet so that parallel test files never meet.
 */
export async function startBerth(
  dataDir: string,
  runtime: { kind: 'process' } | { kind: 'containerd'; tag: string; subnet: string },
  env: Record<string, string> = {},
  extraArgs: readonly string[] = [],
): Promise<BerthdDaemon> {
  const args = ['--runtime', runtime.kind, '--data-dir', dataDir];
  if (runtime.kind === 'containerd') {
    args.push(
      '--containerd-namespace',
      `berthapi${runtime.tag}`,
      '--bridge',
      `ba${runtime.tag}`.slice(0, 15),
      '--bridge-subnet',
      runtime.subnet,
    );
  }
  const berthd = await startBerthd([...args, ...extraArgs], { BERTH_GRPC_ADDR: 'off', ...env });
  const socket = join(dataDir, 'berth.sock');
  const stop = async (): Promise<void> => {
    await berthd.stop();
    if (runtime.kind === 'containerd')
      spawnSync('ip', ['link', 'del', `ba${runtime.tag}`.slice(0, 15)], { stdio: 'ignore' });
    unmountUnder(dataDir);
  };
  try {
    await waitHealthy(berthd, 40_000);
    await until(
      'the Docker API socket',
      () => existsSync(socket),
      10_000,
      () => berthd.output(),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { socket, berthd, dataDir, stop };
}
