import { describe, expect, it } from 'vitest';
import type { RestartPolicy } from './config/host-config';
import { nextRestartDelay, shouldRestart } from './restart-policy';

const policy = (name: RestartPolicy['name'], maximumRetryCount = 0): RestartPolicy => ({
  name,
  maximumRetryCount,
});

describe('shouldRestart', () => {
  it('no: never', () => {
    expect(shouldRestart(policy('no'), 1, 0, false)).toBe(false);
  });

  it('always: any exit code, even after a manual stop (the stop cancels the restart instead)', () => {
    expect(shouldRestart(policy('always'), 0, 50, false)).toBe(true);
    expect(shouldRestart(policy('always'), 137, 0, true)).toBe(true);
  });

  it('unless-stopped: unless manually stopped', () => {
    expect(shouldRestart(policy('unless-stopped'), 0, 3, false)).toBe(true);
    expect(shouldRestart(policy('unless-stopped'), 1, 0, true)).toBe(false);
  });

  it('on-failure:2: non-zero exits while fewer than 2 restarts', () => {
    expect(shouldRestart(policy('on-failure', 2), 1, 0, false)).toBe(true);
    expect(shouldRestart(policy('on-failure', 2), 1, 1, false)).toBe(true);
    expect(shouldRestart(policy('on-failure', 2), 1, 2, false)).toBe(false);
    expect(shouldRestart(policy('on-failure', 2), 0, 0, false)).toBe(false);
  });

  it('on-failure without a maximum: no limit', () => {
    expect(shouldRestart(policy('on-failure'), 2, 1000, false)).toBe(true);
  });
});

describe('nextRestartDelay', () => {
  it('starts at 100 ms and doubles', () => {
    expect(nextRestartDelay(0, 50)).toBe(100);
    expect(nextRestartDelay(100, 50)).toBe(200);
    expect(nextRestartDelay(200, 50)).toBe(400);
  });

  it('is capped at 60 s', () => {
    expect(nextRestartDelay(51_200, 50)).toBe(60_000);
    expect(nextRestartDelay(60_000, 50)).toBe(60_000);
  });

  it('goes back to 100 ms after a run of at least 10 s', () => {
    expect(nextRestartDelay(60_000, 10_000)).toBe(100);
    expect(nextRestartDelay(60_000, 9_999)).toBe(60_000);
  });

  it('reaches the cap after 10 doublings', () => {
    let delay = 0;
    const seen: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      delay = nextRestartDelay(delay, 0);
      seen.push(delay);
    }
    expect(seen).toEqual([100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600, 51200, 60000, 60000]);
  });
});
