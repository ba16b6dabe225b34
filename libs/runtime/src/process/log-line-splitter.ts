/**
 * Splits a byte stream into log messages the way Docker's log copier does: a message ends with
 * `\n` (kept in the message); a line longer than `maxMessageBytes` (Docker: 16 KiB) is emitted in
 * partial messages of that size; what remains at the end of the stream is flushed as a partial line.
 */

export const DOCKER_MAX_LOG_MESSAGE_BYTES = 16 * 1024;

export class LogLineSplitter {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly maxMessageBytes = DOCKER_MAX_LOG_MESSAGE_BYTES) {}

  /** Feed a chunk; returns the complete messages it finishes. */
  push(chunk: Buffer): Buffer[] {
    const data = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const messages: Buffer[] = [];
    let start = 0;
    for (;;) {
      const newline = data.indexOf(0x0a, start);
      const end = newline === -1 ? -1 : newline + 1;
      if (end !== -1 && end - start <= this.maxMessageBytes) {
        messages.push(data.subarray(start, end));
        start = end;
      } else if (data.length - start >= this.maxMessageBytes) {
        messages.push(data.subarray(start, start + this.maxMessageBytes));
        start += this.maxMessageBytes;
      } else {
        break;
      }
    }
    this.pending = Buffer.from(data.subarray(start));
    return messages;
  }

  /** End of stream: the partial last line, if any. */
  flush(): Buffer | undefined {
    if (this.pending.length === 0) return undefined;
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    return rest;
  }
}
