import { spawnSync } from 'node:child_process';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real docker CLI (28, /usr/local/bin/docker first on PATH) against a daemon socket. */
export function docker(socket: string, args: string[], input?: Buffer): CliResult {
  const r = spawnSync('docker', args, {
    env: { ...process.env, DOCKER_HOST: `unix://${socket}`, DOCKER_CONFIG: '/nonexistent-berth-test' },
    input,
    encoding: 'utf8',
    timeout: 60_000,
    killSignal: 'SIGKILL', // an attached docker run forwards SIGTERM to the container instead of exiting
  });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export const hasDockerCli = spawnSync('docker', ['--version']).status === 0;
