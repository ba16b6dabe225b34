import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../support/berthd-process';

export const BERTH_CLI = join(REPO, 'dist', 'apps', 'berth', 'main.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI (`npm run build` first) with pipes (not a TTY): plain text, no colours. */
export function berth(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  if (!existsSync(BERTH_CLI)) throw new Error(`${BERTH_CLI} is missing: run npm run build first`);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BERTH_CLI, ...args],
      { env: { ...process.env, ...env }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Starts the CLI in the background (e.g. `events --follow`), collecting its output. */
export function berthInBackground(
  args: readonly string[],
  env: Record<string, string> = {},
): { child: ChildProcess; stdout(): string; exited: Promise<number | null> } {
  let out = '';
  const child = spawn(process.execPath, [BERTH_CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, exited };
}

/** Every line parses as JSON (NDJSON). */
export function ndjson(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}
