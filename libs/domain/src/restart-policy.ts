/** The restart manager's rules (moby restartmanager, docker-engine-api.md), as pure math. */
import type { RestartPolicy } from './config/host-config';

export const INITIAL_RESTART_DELAY_MS = 100;
export const MAX_RESTART_DELAY_MS = 60_000;
/** A run at least this long resets the backoff. */
export const RESET_BACKOFF_AFTER_MS = 10_000;

/**
 * Would the policy restart a container that exited with exitCode, after restartCount restarts
 * since the last user start? `always` ignores a manual stop here (a user stop/kill cancels the
 * pending restart instead; at daemon boot `always` restarts even after one); `unless-stopped` does
 * not restart after one; `on-failure[:N]` restarts non-zero exits while fewer than N restarts
 * (N = 0: no limit).
 */
export const shouldRestart = (
  policy: RestartPolicy,
  exitCode: number,
  restartCount: number,
  hasBeenManuallyStopped: boolean,
): boolean => {
  switch (policy.name) {
    case 'always':
      return true;
    case 'unless-stopped':
      return !hasBeenManuallyStopped;
    case 'on-failure':
      return exitCode !== 0 && (policy.maximumRetryCount === 0 || restartCount < policy.maximumRetryCount);
    case 'no':
      return false;
  }
};

/** Backoff: 100 ms first, doubling, capped at 60 s; back to 100 ms after a run of ≥ 10 s. */
export const nextRestartDelay = (previousDelayMs: number, ranForMs: number): number => {
  if (previousDelayMs <= 0 || ranForMs >= RESET_BACKOFF_AFTER_MS) return INITIAL_RESTART_DELAY_MS;
  return Math.min(previousDelayMs * 2, MAX_RESTART_DELAY_MS);
};
