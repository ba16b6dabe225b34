interface Entry {
  /** Scheduled again while running: run once more after the current run. */
  again: boolean;
  promise: Promise<void>;
}

/**
 * Runs tasks one at a time per key, different keys concurrently. A key's work is coalesced:
 * scheduling a key that already waits to run does not queue it twice (the work re-reads state).
 */
export class KeyedQueue {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly work: (key: string) => Promise<void>) {}

  /** Schedule the key; resolves when a run that started after this call has finished. */
  schedule(key: string): Promise<void> {
    const existing = this.entries.get(key);
    if (existing) {
      existing.again = true;
      return existing.promise;
    }
    const entry: Entry = { again: false, promise: Promise.resolve() };
    this.entries.set(key, entry);
    entry.promise = (async (): Promise<void> => {
      try {
        do {
          entry.again = false;
          await this.work(key);
        } while (entry.again);
      } finally {
        // In the same turn as the last `again` check: a schedule() from now on starts a new run
        // (a deletion in a later .finally() left a window where a wake-up was lost).
        this.entries.delete(key);
      }
    })();
    return entry.promise;
  }

  /** Resolves when nothing runs. */
  async idle(): Promise<void> {
    while (this.entries.size > 0) await Promise.allSettled([...this.entries.values()].map((e) => e.promise));
  }

  get size(): number {
    return this.entries.size;
  }
}
