import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from '../support/exec';

/** Named network namespaces of iproute2 (`ip netns`), bind-mounted under /var/run/netns. */
export const NETNS_DIR = '/var/run/netns';

export function netnsPath(name: string): string {
  return join(NETNS_DIR, name);
}

export async function netnsExists(name: string): Promise<boolean> {
  try {
    await access(netnsPath(name));
    return true;
  } catch {
    return false;
  }
}

/** `ip netns add`; an existing namespace is kept. */
export async function addNetns(name: string): Promise<string> {
  if (!(await netnsExists(name))) {
    const result = await runCommand('ip', ['netns', 'add', name], { timeoutMs: 10_000 });
    if (result.code !== 0 && !(await netnsExists(name))) {
      throw new Error(`ip netns add ${name}: ${result.stderr.trim() || `exit status ${result.code}`}`);
    }
  }
  return netnsPath(name);
}

/** `ip netns del`; a missing namespace is done. */
export async function deleteNetns(name: string): Promise<void> {
  if (!(await netnsExists(name))) return;
  const result = await runCommand('ip', ['netns', 'del', name], { timeoutMs: 10_000 });
  if (result.code !== 0 && (await netnsExists(name))) {
    throw new Error(`ip netns del ${name}: ${result.stderr.trim() || `exit status ${result.code}`}`);
  }
}
