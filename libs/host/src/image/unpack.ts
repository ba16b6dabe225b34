import { lstat, opendir } from 'node:fs/promises';
import { join } from 'node:path';
import { HostResourceError } from '../errors';
import { runCommand } from '../support/exec';

/**
 * Unpacks a tarball into `dest` with the system GNU tar, without a shell. `--force-local` keeps a
 * ':' in the path from meaning a remote host; `--numeric-owner` keeps the image's uids/gids;
 * GNU tar already refuses members with '..' and strips leading '/'. Compression is detected.
 */
export async function unpackTarball(tarPath: string, dest: string): Promise<void> {
  const args = ['-x', '--force-local', '--numeric-owner', '-f', tarPath, '-C', dest];
  const result = await runCommand('tar', args, { timeoutMs: 10 * 60_000 });
  if (result.code !== 0) {
    const text = result.stderr.trim().replace(/\s+/g, ' ') || `tar exit status ${result.code}`;
    throw new HostResourceError(`cannot unpack the image tarball ${tarPath}: ${text}`, 'mount', 'invalid_parameter');
  }
}

/** Bytes of regular-file content under `dir` (hard links counted once), like a layer's size. */
export async function contentSize(dir: string): Promise<number> {
  const seen = new Set<string>();
  let total = 0;
  const walk = async (path: string): Promise<void> => {
    for await (const entry of await opendir(path)) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) {
        await walk(child);
      } else if (entry.isFile()) {
        const stat = await lstat(child);
        const key = `${stat.dev}:${stat.ino}`;
        if (!seen.has(key)) {
          seen.add(key);
          total += stat.size;
        }
      }
    }
  };
  await walk(dir);
  return total;
}
