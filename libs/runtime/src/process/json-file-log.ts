import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { jsonLogEntry, type LogStream } from './json-log-entry';
import { LogLineSplitter } from './log-line-splitter';
import { rfc3339Nano } from './rfc3339-nano';

/**
 * A container's log in Docker's json-file format: stdout and stderr chunks are split into lines
 * (LogLineSplitter), each appended as one JSON line, in arrival order. Writes are batched: while one
 * append is in flight, later lines queue and go out together.
 */
export class JsonFileLog {
  private readonly splitters: Record<LogStream, LogLineSplitter> = {
    stdout: new LogLineSplitter(),
    stderr: new LogLineSplitter(),
  };
  private queued: string[] = [];
  private draining: Promise<void> | undefined;
  private writeError: unknown;

  private file: FileHandle | undefined;

  /**
   * The file is created at the first line (a task that prints nothing costs no I/O and leaves no
   * file); its directory too, when missing.
   */
  constructor(private readonly path: string) {}

  write(stream: LogStream, chunk: Buffer): void {
    const time = rfc3339Nano();
    for (const message of this.splitters[stream].push(chunk))
      this.enqueue(jsonLogEntry(message, stream, time));
  }

  /** Flush partial last lines, wait for every append, close the file. Rejects with the first write error. */
  async close(): Promise<void> {
    const time = rfc3339Nano();
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.splitters[stream].flush();
      if (rest !== undefined) this.enqueue(jsonLogEntry(rest, stream, time));
    }
    await this.draining;
    await this.file?.close();
    if (this.writeError !== undefined) throw this.writeError;
  }

  private enqueue(line: string): void {
    this.queued.push(line);
    this.draining ??= this.drain();
  }

  private async openFile(): Promise<FileHandle> {
    await mkdir(dirname(this.path), { recursive: true });
    return open(this.path, 'a', 0o640);
  }

  private async drain(): Promise<void> {
    while (this.queued.length > 0) {
      const batch = this.queued.join('');
      this.queued = [];
      try {
        this.file ??= await this.openFile();
        await this.file.appendFile(batch);
      } catch (error: unknown) {
        this.writeError ??= error;
      }
    }
    this.draining = undefined;
  }
}
