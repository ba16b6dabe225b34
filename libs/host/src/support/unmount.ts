import { runCommand } from './exec';
import { canonicalPath, mountsUnder, readMountInfo } from './mountinfo';

const NOT_MOUNTED = /not mounted|no mount point specified|mountpoint not found|no such file or directory/i;

/**
 * Unmounts whatever is mounted at `path` (all stacked mounts). Not mounted counts as done.
 * Throws with umount's text when the kernel refuses (e.g. busy).
 */
export async function unmount(target: string, options: { lazy?: boolean; timeoutMs?: number } = {}): Promise<void> {
  const path = await canonicalPath(target);
  for (let attempt = 0; attempt < 16; attempt++) {
    const mounted = (await readMountInfo()).some((entry) => entry.mountPoint === path);
    if (!mounted) return;
    const args = options.lazy ? ['-l', path] : [path];
    const result = await runCommand('umount', args, { timeoutMs: options.timeoutMs ?? 10_000 });
    if (result.code !== 0) {
      const text = (result.stderr.trim() || result.stdout.trim()).replace(/\s+/g, ' ');
      if (NOT_MOUNTED.test(text)) return;
      throw new Error(`umount ${args.join(' ')}: ${text}`);
    }
  }
  throw new Error(`umount ${path}: still mounted after 16 attempts`);
}

/**
 * The fallback of the seed's cleanup (daemon.cleanupMountsByID): unmounts every mount at or under
 * `dir`, deepest first, detaching (MNT_DETACH, `umount -l`) as dockerd does. Returns the mount
 * points it unmounted; throws when some remain.
 */
export async function unmountAllUnder(dir: string, options: { timeoutMs?: number } = {}): Promise<string[]> {
  const points = await mountsUnder(dir);
  const failures: string[] = [];
  for (const point of points) {
    try {
      await unmount(point, { lazy: true, timeoutMs: options.timeoutMs });
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  const left = await mountsUnder(dir);
  if (left.length > 0) {
    throw new Error(`mounts left under ${dir}: ${left.join(', ')}${failures.length ? ` (${failures.join('; ')})` : ''}`);
  }
  return points;
}
