import { open, stat } from 'node:fs/promises';

export interface LogEntry {
  readonly log: string;
  readonly stream: 'stdout' | 'stderr';
  readonly time: string;
}

/**
 * Reads a json-file log (one JSON object a line) from a byte offset, and with `follow` keeps
 * reading what is appended (polling) until `done()` says so, then drains what is left.
 */
export async function readLog(
  path: string,
  from: number,
  onEntry: (entry: LogEntry) => void,
  options: { follow: boolean; done?: () => boolean; signal?: AbortSignal; pollMs?: number } = { follow: false },
): Promise<number> {
  let offset = from;
  let rest = '';
  const pollMs = options.pollMs ?? 25;
  for (;;) {
    const finished = !options.follow || options.signal?.aborted === true || options.done?.() === true;
    const size = await stat(path).then(
      (s) => s.size,
      () => 0,
    );
    if (size > offset) {
      const handle = await open(path, 'r');
      try {
        const buffer = Buffer.alloc(size - offset);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
        offset += bytesRead;
        rest += buffer.subarray(0, bytesRead).toString('utf8');
      } finally {
        await handle.close();
      }
      const lines = rest.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (!line) continue;
        try {
          onEntry(JSON.parse(line) as LogEntry);
        } catch {
          // a torn or foreign line: skip it
        }
      }
      continue;
    }
    if (finished) return offset;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

export async function logSize(path: string): Promise<number> {
  return stat(path).then(
    (s) => s.size,
    () => 0,
  );
}

/** Docker's stdcopy framing: [stream, 0, 0, 0, size (big-endian uint32)] + payload. */
export function frame(stream: 'stdout' | 'stderr', payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header[0] = stream === 'stdout' ? 1 : 2;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}
