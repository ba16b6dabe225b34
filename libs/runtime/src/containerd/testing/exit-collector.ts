import type { Runtime, TaskExit } from '../../runtime.port';

/** Collects a runtime's exits; waitFor(id) resolves with the first exit of that task. */
export class ExitCollector {
  readonly exits: TaskExit[] = [];
  private readonly waiters: { matches: (exit: TaskExit) => boolean; resolve: (exit: TaskExit) => void }[] = [];

  constructor(runtime: Runtime) {
    runtime.onExit((exit) => {
      this.exits.push(exit);
      for (const waiter of this.waiters.filter((w) => w.matches(exit))) waiter.resolve(exit);
    });
  }

  /** The first exit of task `id` (of its process `pid` when given). */
  waitFor(id: string, timeoutMs = 10_000, pid?: number): Promise<TaskExit> {
    const matches = (exit: TaskExit): boolean => exit.id === id && (pid === undefined || exit.pid === pid);
    const seen = this.exits.find(matches);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no exit for ${id} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ matches, resolve: (exit) => (clearTimeout(timer), resolve(exit)) });
    });
  }

  count(id: string): number {
    return this.exits.filter((e) => e.id === id).length;
  }
}
