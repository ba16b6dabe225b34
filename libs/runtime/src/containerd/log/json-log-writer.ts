import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { jsonLogEntry, type LogStream } from '../../process/json-log-entry';
import { LogLineSplitter } from '../../process/log-line-splitter';
import { rfc3339Nano } from '../../process/rfc3339-nano';

/**
 * Appends a task's output to its json-file log (the line format and splitting are the process
 * adapter's, shared so both adapters write identical logs). One splitter per stream; appends are
 * batched while one is in flight.
 */
export class JsonLogWriter {
  private readonly splitters: Record<LogStream, LogLineSplitter> = { stdout: new LogLineSplitter(), stderr: new LogLineSplitter() };
  private queued: string[] = [];
  private draining: Promise<void> | undefined;
  private closed = false;

  private constructor(private readonly file: FileHandle) {}

  /** Open for appending, creating the file (0640) and its directory when missing. */
  static async open(path: string): Promise<JsonLogWriter> {
    await mkdir(dirname(path), { recursive: true });
    return new JsonLogWriter(await open(path, 'a', 0o640));
  }

  write(stream: LogStream, chunk: Buffer): void {
    if (this.closed) return;
    const time = rfc3339Nano();
    for (const message of this.splitters[stream].push(chunk)) this.enqueue(jsonLogEntry(message, stream, time));
  }

  /** Flush partial last lines and every pending append, then close. */
  async close(): Promise<void> {
    if (this.closed) return;
    const time = rfc3339Nano();
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.splitters[stream].flush();
      if (rest !== undefined) this.enqueue(jsonLogEntry(rest, stream, time));
    }
    this.closed = true;
    await this.draining;
    await this.file.close();
  }

  private enqueue(line: string): void {
    this.queued.push(line);
    this.draining ??= this.drain();
  }

  private async drain(): Promise<void> {
    while (this.queued.length > 0) {
      const batch = this.queued.join('');
      this.queued = [];
      // A failed append (disk full) loses those lines but never stops the container's output.
      await this.file.appendFile(batch).catch(() => undefined);
    }
    this.draining = undefined;
  }
}
