import pc from 'picocolors';

type Colors = ReturnType<typeof pc.createColors>;

/** Where the CLI writes, and how: colour and tables only on a terminal, never with --json. */
export interface Io {
  readonly json: boolean;
  /** stdout is a terminal (tables with borders, colours, progress bars). */
  readonly tty: boolean;
  /** stderr is a terminal (progress bars go there). */
  readonly errTty: boolean;
  readonly color: Colors;
  out(line?: string): void;
  err(line: string): void;
  /** One JSON document (pretty on a terminal) or one NDJSON line (`compact`). */
  printJson(value: unknown, compact?: boolean): void;
}

export function createIo(options: {
  json: boolean;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
}): Io {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const env = options.env ?? process.env;
  const tty = stdout.isTTY === true;
  const colorOn = tty && !options.json && env.NO_COLOR === undefined && env.TERM !== 'dumb';
  return {
    json: options.json,
    tty,
    errTty: stderr.isTTY === true,
    color: pc.createColors(colorOn),
    out: (line = '') => void stdout.write(`${line}\n`),
    err: (line) => void stderr.write(`${line}\n`),
    printJson: (value, compact = false) =>
      void stdout.write(`${JSON.stringify(value, null, compact || !tty ? undefined : 2)}\n`),
  };
}
