import { readFile, realpath } from 'node:fs/promises';
import { resolve, sep } from 'node:path';

export interface MountInfoEntry {
  readonly mountId: number;
  readonly parentId: number;
  readonly mountPoint: string;
  readonly fsType: string;
  readonly source: string;
  /** Per-superblock options (for overlay: lowerdir=…,upperdir=…,workdir=…). */
  readonly superOptions: string;
}

/** mountinfo escapes space, tab, newline and backslash as \ooo octal. */
function unescape(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_match, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** Parses the text of /proc/<pid>/mountinfo (see proc(5)). */
export function parseMountInfo(text: string): MountInfoEntry[] {
  const entries: MountInfoEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const fields = line.split(' ');
    const separator = fields.indexOf('-', 6);
    if (separator < 0 || fields.length < separator + 3) continue;
    entries.push({
      mountId: Number(fields[0]),
      parentId: Number(fields[1]),
      mountPoint: unescape(fields[4] ?? ''),
      fsType: fields[separator + 1] ?? '',
      source: unescape(fields[separator + 2] ?? ''),
      superOptions: fields[separator + 3] ?? '',
    });
  }
  return entries;
}

/** The mounts of this process's mount namespace. */
export async function readMountInfo(): Promise<MountInfoEntry[]> {
  return parseMountInfo(await readFile('/proc/self/mountinfo', 'utf8'));
}

/** Mount points at `dir` or below it, deepest first (the order to unmount them in). */
export function mountPointsUnder(entries: readonly MountInfoEntry[], dir: string): string[] {
  const root = resolve(dir);
  const points = new Set<string>();
  for (const entry of entries) {
    if (entry.mountPoint === root || entry.mountPoint.startsWith(root + sep)) points.add(entry.mountPoint);
  }
  return [...points].sort((a, b) => b.split(sep).length - a.split(sep).length || b.length - a.length);
}

/** The path as the kernel reports it in mountinfo (symlinks resolved); a missing path is only made absolute. */
export async function canonicalPath(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return resolve(path);
  }
}

/** True when something is mounted exactly at `path`. */
export async function isMountPoint(path: string): Promise<boolean> {
  const target = await canonicalPath(path);
  return (await readMountInfo()).some((entry) => entry.mountPoint === target);
}

/** Mount points at or under `dir` now, deepest first. */
export async function mountsUnder(dir: string): Promise<string[]> {
  return mountPointsUnder(await readMountInfo(), await canonicalPath(dir));
}
