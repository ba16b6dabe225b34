/**
 * Crash switch for the crash-recovery tests ONLY: `BERTH_TEST_CRASH_AFTER=<step>[,<step>]` makes
 * berthd SIGKILL itself right after the saga recorded that step (mount, network, runtime,
 * cleanup, remove). Never set it in production.
 */
const steps = new Set(
  (process.env.BERTH_TEST_CRASH_AFTER ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

export function crashPoint(step: string): void {
  if (steps.has(step)) {
    process.stderr.write(`berthd: BERTH_TEST_CRASH_AFTER=${step}: killing myself\n`);
    process.kill(process.pid, 'SIGKILL');
  }
}
