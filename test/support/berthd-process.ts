import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const REPO = join(__dirname, '..', '..');
export const BERTHD = join(REPO, 'dist', 'apps', 'berthd', 'main.js');

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface Berthd {
  readonly child: ChildProcess;
  readonly port: number;
  output(): string;
  /** Resolves with the exit code (or signal name). */
  readonly exited: Promise<number | string>;
  stop(): Promise<void>;
}

/** Starts the built berthd (`npm run build` first) as a child process. */
export async function startBerthd(args: string[], env: Record<string, string> = {}): Promise<Berthd> {
  if (!existsSync(BERTHD)) throw new Error(`${BERTHD} is missing: run npm run build first`);
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [BERTHD, '--http', `127.0.0.1:${port}`, ...args], {
    // Tests run in parallel: never take the default gRPC port another berthd (or a test) may use.
    env: { ...process.env, BERTH_LOG_LEVEL: 'log', BERTH_GRPC_ADDR: '127.0.0.1:0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return {
    child,
    port,
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Polls GET /health until it answers 200 or the process exits. */
export async function waitHealthy(berthd: Berthd, timeoutMs = 20_000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  let exitedWith: number | string | undefined;
  void berthd.exited.then((code) => (exitedWith = code));
  while (Date.now() < deadline) {
    if (exitedWith !== undefined)
      throw new Error(`berthd exited (${exitedWith}) before it was healthy:\n${berthd.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${berthd.port}/health`);
      if (res.ok) return res.json();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`berthd not healthy within ${timeoutMs} ms:\n${berthd.output()}`);
}
