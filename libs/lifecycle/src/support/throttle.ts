/**
 * Coalesces calls: runs `fn` with the latest value at most once per `intervalMs` (and once more
 * after the last call), so a checkpoint written per event costs one write per interval.
 */
export class Throttle<T> {
  private latest?: T;
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly intervalMs: number,
    private readonly fn: (value: T) => Promise<void>,
  ) {}

  push(value: T): void {
    this.latest = value;
    this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  /** Writes the latest value now (at shutdown). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const value = this.latest;
    this.latest = undefined;
    if (value !== undefined) this.running = this.running.then(() => this.fn(value));
    await this.running;
  }
}
