import { readFileSync } from 'node:fs';

/** RLIMIT_NOFILE as dockerd's containers get it (LimitNOFILE=1048576 in docker.service). */
export const DOCKER_NOFILE = 1_048_576;

let cached: { soft: number; hard: number } | undefined;

/** This process's hard "Max open files" (containerd and its shims inherit it), or undefined. */
export function ownHardNofile(limits: string = readFileSync('/proc/self/limits', 'utf8')): number | undefined {
  const line = limits.split('\n').find((l) => l.startsWith('Max open files'));
  const hard = line?.trim().split(/\s+/)[4];
  if (hard === undefined || hard === 'unlimited') return undefined;
  const value = Number.parseInt(hard, 10);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * Docker's 1048576, capped at what this process may grant: runc cannot raise a hard limit above
 * the shim's ("error setting rlimit type 7: operation not permitted").
 */
export function defaultNofile(): { soft: number; hard: number } {
  if (cached !== undefined) return cached;
  let hard = DOCKER_NOFILE;
  try {
    hard = Math.min(hard, ownHardNofile() ?? hard);
  } catch {
    // no /proc: keep Docker's value
  }
  cached = { soft: hard, hard };
  return cached;
}
