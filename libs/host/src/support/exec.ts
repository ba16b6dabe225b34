import { spawn } from 'node:child_process';

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CommandOptions {
  /** Written to the child's stdin, then stdin is closed. */
  readonly input?: string;
  /** Extra environment variables (added to the current environment). */
  readonly env?: Readonly<Record<string, string>>;
  /** The child is killed (SIGKILL) after this many milliseconds. Default 30 s. */
  readonly timeoutMs?: number;
}

/**
 * Runs a binary without a shell (arguments are passed as-is, never interpreted) and collects its
 * output. Resolves with the exit code; rejects only when the binary cannot be started or times out.
 */
export function runCommand(file: string, args: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], {
      env: options.env ? { ...process.env, ...options.env } : process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const timeoutMs = options.timeoutMs ?? 30_000;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${file} ${args.join(' ')} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
    child.stdin.on('error', () => undefined); // the child may exit before reading its input
    child.stdin.end(options.input ?? '');
  });
}

/** Runs a binary and rejects with its stderr (or stdout) when it exits non-zero. */
export async function runChecked(file: string, args: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
  const result = await runCommand(file, args, options);
  if (result.code !== 0) {
    const text = (result.stderr.trim() || result.stdout.trim() || `exit status ${result.code}`).replace(/\s+/g, ' ');
    throw new Error(`${file} ${args.join(' ')}: ${text}`);
  }
  return result;
}
