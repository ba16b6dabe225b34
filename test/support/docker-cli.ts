import { spawnSync } from 'node:child_process';

export interface CliResult {
  /** The exit code; 124 when the command hung and was killed at the timeout. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the real docker CLI (28, /usr/local/bin/docker first on PATH) against a daemon socket, with
 * no user config, bounded: a hang fails the test (SIGKILL: an attached `docker run` forwards
 * SIGTERM to its container instead of exiting).
 */
export function docker(socket: string, args: readonly string[], options: { input?: Buffer; timeoutMs?: number } = {}): CliResult {
  const r = spawnSync('docker', args, {
    env: { ...process.env, DOCKER_HOST: `unix://${socket}`, DOCKER_CONFIG: '/nonexistent-berth-test' },
    input: options.input,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
    killSignal: 'SIGKILL',
  });
  return { code: r.status ?? (r.signal ? 124 : -1), stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export const hasDockerCli = spawnSync('docker', ['--version']).status === 0;
