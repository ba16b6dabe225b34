/**
 * Runs tasks one at a time per key, different keys concurrently. A key's work is coalesced:
 * scheduling a key that already waits to run does not queue it twice (the work re-reads state).
 */
export class KeyedQueue {
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();

  constructor(private readonly work: (key: string) => Promise<void>) {}

  /** Schedule the key; resolves when a run that started after this call has finished. */
  schedule(key: string): Promise<void> {
    const current = this.running.get(key);
    if (current) {
      this.again.add(key);
      return current.then(() => this.running.get(key) ?? Promise.resolve());
    }
    const run = (async (): Promise<void> => {
      do {
        this.again.delete(key);
        await this.work(key);
      } while (this.again.has(key));
    })().finally(() => this.running.delete(key));
    this.running.set(key, run);
    return run;
  }

  /** Resolves when nothing runs. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  get size(): number {
    return this.running.size;
  }
}
