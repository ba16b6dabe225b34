import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { isProcessAlive, readProcessState } from './process-status';

describe('process status', () => {
  it('sees this process alive and running or sleeping', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(['R', 'S']).toContain(readProcessState(process.pid));
  });

  it('sees a process gone once it exited and was reaped', async () => {
    const child = spawn('/bin/true');
    const pid = child.pid ?? 0;
    await once(child, 'exit');
    expect(isProcessAlive(pid)).toBe(false);
    expect(readProcessState(pid)).toBeUndefined();
  });

  it('rejects pids that cannot be processes', () => {
    expect(isProcessAlive(0)).toBe(false);
    expect(isProcessAlive(-1)).toBe(false);
  });
});
