/** Flags whose later opposite wins (Docker's mount.MergeTmpfsOptions). */
const OPPOSITES: Readonly<Record<string, string>> = {
  ro: 'rw', rw: 'ro',
  exec: 'noexec', noexec: 'exec',
  suid: 'nosuid', nosuid: 'suid',
  dev: 'nodev', nodev: 'dev',
  atime: 'noatime', noatime: 'atime',
  diratime: 'nodiratime', nodiratime: 'diratime',
  relatime: 'norelatime', norelatime: 'relatime',
  strictatime: 'nostrictatime', nostrictatime: 'strictatime',
  sync: 'async', async: 'sync',
};

/** Docker's defaults for HostConfig.Tmpfs entries: noexec, nosuid, nodev, rprivate. */
export const DEFAULT_TMPFS_OPTIONS: readonly string[] = ['noexec', 'nosuid', 'nodev', 'rprivate'];

/** Merges tmpfs options, later ones winning: `exec` cancels `noexec`, `size=` replaces `size=`. */
export function mergeTmpfsOptions(options: readonly string[]): string[] {
  const merged: string[] = [];
  for (const option of options) {
    if (option === '') continue;
    const key = option.includes('=') ? option.slice(0, option.indexOf('=') + 1) : undefined;
    const opposite = OPPOSITES[option];
    const kept = merged.filter((existing) => existing !== option && existing !== opposite && !(key && existing.startsWith(key)));
    kept.push(option);
    merged.splice(0, merged.length, ...kept);
  }
  return merged;
}
