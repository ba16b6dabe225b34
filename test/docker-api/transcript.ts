import { cli } from './daemons';

/** What `docker inspect` shows of State (and RestartCount), without ids, pids and times. */
export const STATE_FORMAT =
  '{{.State.Status}} running={{.State.Running}} paused={{.State.Paused}} restarting={{.State.Restarting}} ' +
  'exit={{.State.ExitCode}} pid0={{eq .State.Pid 0}} oom={{.State.OOMKilled}} dead={{.State.Dead}} ' +
  'restarts={{.RestartCount}} started0={{eq .State.StartedAt "0001-01-01T00:00:00Z"}} ' +
  'finished0={{eq .State.FinishedAt "0001-01-01T00:00:00Z"}} error={{.State.Error}}';

/** Makes two daemons' answers comparable: ids, short ids and human durations vary from run to run. */
export function normalize(text: string): string {
  return text
    .replace(/--(since|until) \d+/g, '--$1 <time>')
    .replace(/[0-9a-f]{64}/g, '<id>')
    .replace(/\b[0-9a-f]{12}\b/g, '<short>')
    .replace(
      /(Less than a second|About a minute|About an hour|\d+ (second|minute|hour|day|week|month|year)s?)/g,
      '<duration>',
    );
}

/** One CLI call as lines: the command, its exit code, its stdout and stderr lines. */
export function transcriptOf(socket: string, args: readonly string[]): string {
  const r = cli(socket, args);
  const lines = (tag: string, text: string): string[] =>
    text === ''
      ? []
      : text
          .replace(/\n$/, '')
          .split('\n')
          .map((line) => `  ${tag}: ${line}`);
  return normalize(
    [
      `$ docker ${args.join(' ')}`,
      `  exit ${r.code}`,
      ...lines('out', r.stdout),
      ...lines('err', r.stderr),
    ].join('\n'),
  );
}

/** A scripted session against one daemon: each call appends its transcript. */
export class Session {
  readonly lines: string[] = [];

  constructor(readonly socket: string) {}

  docker(...args: string[]): this {
    this.lines.push(transcriptOf(this.socket, args));
    return this;
  }

  state(name: string): this {
    return this.docker('inspect', '-f', STATE_FORMAT, name);
  }

  /** Polls until `inspect -f format name` prints `expected` (or gives up after timeoutMs), recording nothing. */
  async until(name: string, format: string, expected: string, timeoutMs = 20_000): Promise<this> {
    const deadline = Date.now() + timeoutMs;
    while (
      cli(this.socket, ['inspect', '-f', format, name]).stdout.trim() !== expected &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    return this;
  }

  text(): string {
    return this.lines.join('\n');
  }
}
