import { readFileSync } from 'node:fs';

/**
 * The one-letter state of a host process from /proc/<pid>/stat (R running, S sleeping, T stopped,
 * Z zombie, …), or undefined when there is no such process. Linux only.
 */
export function readProcessState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may itself contain ')' or spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).charAt(0) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a host process with this pid exists and has not exited (a zombie counts as exited).
 * Used by reconciliation after a berthd restart, when the process runtime no longer knows its
 * children. Note that a pid can be reused by an unrelated process after the original one ended.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const state = readProcessState(pid);
  return state !== undefined && state !== 'Z' && state !== 'X';
}
