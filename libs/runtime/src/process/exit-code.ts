import { constants } from 'node:os';

/** Docker's exit code of a process: its own code, or 128 + the number of the signal that ended it. */
export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  if (signal !== null) return 128 + constants.signals[signal];
  return 128;
}
