import { errorMessage, isNotFound } from '../errors';

/** One named release step of a cleanup. */
export interface CleanupStep {
  readonly name: string;
  readonly release: () => Promise<unknown>;
}

export interface CleanupReport {
  /** Every step that ran, in order (done, NotFound, or failed). */
  readonly steps: string[];
  /** `<step>: <error>` for each step that failed or timed out. */
  readonly warnings: string[];
}

export interface CleanupRunnerOptions {
  /** Bound of each step. Default 10 s. */
  readonly stepTimeoutMs?: number;
}

/**
 * Runs release steps in the given order, containerd's way: each under a bounded timeout,
 * NotFound counts as done, a failure becomes a warning and the next step still runs. Never throws.
 */
export class CleanupRunner {
  private readonly stepTimeoutMs: number;

  constructor(options: CleanupRunnerOptions = {}) {
    this.stepTimeoutMs = options.stepTimeoutMs ?? 10_000;
  }

  async run(steps: readonly CleanupStep[]): Promise<CleanupReport> {
    const report: CleanupReport = { steps: [], warnings: [] };
    for (const step of steps) {
      report.steps.push(step.name);
      try {
        await this.bounded(step);
      } catch (error) {
        if (!isNotFound(error)) report.warnings.push(`${step.name}: ${errorMessage(error)}`);
      }
    }
    return report;
  }

  private bounded(step: CleanupStep): Promise<unknown> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${this.stepTimeoutMs} ms`)), this.stepTimeoutMs);
    });
    const run = Promise.resolve().then(step.release);
    return Promise.race([run, timeout]).finally(() => clearTimeout(timer));
  }
}
