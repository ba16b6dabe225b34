import type { Runtime, TaskExit } from '../../runtime.port';

/** Collects a runtime's exits; waitFor(id) resolves with the first exit of that task. */
export class ExitCollector {
  readonly exits: TaskExit[] = [];
  private readonly waiters: { id: string; resolve: (exit: TaskExit) => void }[] = [];

  constructor(runtime: Runtime) {
    runtime.onExit((exit) => {
      this.exits.push(exit);
      for (const waiter of this.waiters.filter((w) => w.id === exit.id)) waiter.resolve(exit);
    });
  }

  waitFor(id: string, timeoutMs = 10_000): Promise<TaskExit> {
    const seen = this.exits.find((e) => e.id === id);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no exit for ${id} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ id, resolve: (exit) => (clearTimeout(timer), resolve(exit)) });
    });
  }

  count(id: string): number {
    return this.exits.filter((e) => e.id === id).length;
  }
}
