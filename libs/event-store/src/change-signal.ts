/**
 * Wakes waiting readers when the store changed. `version` grows on every `notify()`; a reader
 * remembers the version it saw before reading, and `waitForChange(seen)` returns at once if
 * something happened since — so a change between "read" and "wait" is never slept through.
 * `pollIntervalMs` bounds every wait, for writers this process cannot see (another process
 * writing the same store).
 */
export class ChangeSignal {
  private current = 0;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly pollIntervalMs: number) {}

  get version(): number {
    return this.current;
  }

  notify(): void {
    this.current += 1;
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves when notified after `seen`, after the poll interval, or when `signal` aborts. */
  waitForChange(seen: number, signal: AbortSignal): Promise<void> {
    if (seen !== this.current || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        signal.removeEventListener('abort', wake);
        resolve();
      };
      const timer = setTimeout(wake, this.pollIntervalMs);
      this.waiters.add(wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }
}
