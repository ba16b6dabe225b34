import { constants, openSync } from 'node:fs';
import { Socket } from 'node:net';
import { JsonLogWriter } from './json-log-writer';
import type { LogStream } from '../../process/json-log-entry';
import type { StdioFifos } from './stdio-fifos';

/** Open a FIFO's read end without blocking (no writer needed yet) as a libuv pipe: no thread-pool reads. */
function openFifo(path: string): Socket {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  return new Socket({ fd, readable: true, writable: false });
}

/**
 * Copies a task's stdout and stderr FIFOs into its json-file log, one JSON line per message with
 * its stream and time (Docker's format). `done` resolves when both streams reached EOF (the shim
 * closes its write ends once the container's output is fully copied) and the log is flushed.
 *
 * Robustness: the shim keeps a read end of each FIFO open itself, so when berthd is down the
 * container's output waits in the pipes (64 KiB per stream, then the container's writes block) and
 * is copied when berthd comes back and attaches again; output still in a pipe when the task exits
 * while berthd is down is lost with the pipe.
 */
export class FifoLogCopier {
  readonly done: Promise<void>;
  private readonly sockets: Socket[] = [];
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly log: JsonLogWriter,
    fifos: StdioFifos,
    terminal: boolean,
  ) {
    const streams: [LogStream, string][] = terminal ? [['stdout', fifos.stdout]] : [['stdout', fifos.stdout], ['stderr', fifos.stderr]];
    const ended = streams.map(([stream, path]) => {
      const socket = openFifo(path);
      this.sockets.push(socket);
      socket.on('data', (chunk: Buffer) => this.log.write(stream, chunk));
      return new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.once('error', () => resolve());
      });
    });
    this.done = Promise.all(ended).then(() => this.close());
  }

  /** Start copying from the FIFOs (which must exist) into the log at logPath (created when missing). */
  static async open(fifos: StdioFifos, logPath: string, terminal = false): Promise<FifoLogCopier> {
    const log = await JsonLogWriter.open(logPath);
    try {
      return new FifoLogCopier(log, fifos, terminal);
    } catch (error: unknown) {
      await log.close();
      throw error;
    }
  }

  /** Wait for the end of output up to timeoutMs, then stop reading; the log is flushed either way. */
  async finish(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([this.done, timeout]);
    clearTimeout(timer);
    await this.close();
  }

  /** Stop reading now and flush the log (what is still in the pipes stays there). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const socket of this.sockets) socket.destroy();
      await this.log.close().catch(() => undefined);
    })();
    return this.closing;
  }
}
