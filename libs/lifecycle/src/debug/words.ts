import type { CleanupStep, StartStage } from '@berth/domain';

/** Where a start failed, as a person says it. */
export const STAGE_WORDS: Readonly<Record<StartStage, string>> = {
  mount: 'mount',
  network: 'network setup',
  spec: 'OCI spec',
  create: 'runtime create',
  start: 'runtime start',
};

/** Each compensation step, done. */
export const CLEANUP_WORDS: Readonly<Record<CleanupStep, string>> = {
  'release-network': 'released network',
  'unmount-ipc': 'unmounted IPC/shm',
  'unmount-rootfs': 'unmounted rootfs',
  'unmount-secrets': 'unmounted secrets',
  'unregister-execs': 'unregistered execs',
  'unmount-volumes': 'released volumes',
  'cancel-attach': 'cancelled attach',
};

export function stageWords(stage: string): string {
  return (STAGE_WORDS as Record<string, string>)[stage] ?? stage;
}

export function cleanupWords(step: string): string {
  return (CLEANUP_WORDS as Record<string, string>)[step] ?? step;
}

/**
 * A start failure's error in words: the exit-code rules of design.md §2 read backwards
 * ("/bin/nope does not exist in the image"), else the error as recorded.
 */
export function failureWords(error: string, path: string, exitCode: number): string {
  const lower = error.toLowerCase();
  if (lower.includes('not a directory'))
    return 'a mount target is not a directory (a directory mounted onto a file, or the reverse?)';
  const missing = [
    'executable file not found',
    'no such file or directory',
    'system cannot find the file specified',
  ].some((s) => lower.includes(s));
  if (exitCode === 127 && missing && path !== '') return `${path} does not exist in the image`;
  if (exitCode === 126 && lower.includes('permission denied') && path !== '')
    return `${path} is not executable (permission denied)`;
  return error;
}

/** "1.5 s", "120 ms". */
export function durationWords(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function shortId(id: string): string {
  return id.slice(0, 12);
}
