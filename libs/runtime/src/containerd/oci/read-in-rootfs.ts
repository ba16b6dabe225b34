import { lstat, readFile, readlink } from 'node:fs/promises';
import { join, posix } from 'node:path';

const MAX_SYMLINKS = 40;

/**
 * Read a file of a container's root filesystem, following symlinks as if `rootfs` were `/`
 * (an absolute or `..` link never leaves it). Undefined when the file does not exist.
 */
export async function readInRootfs(rootfs: string, path: string): Promise<string | undefined> {
  const pending = posix.normalize(path).split('/').filter((part) => part !== '' && part !== '.');
  const resolved: string[] = [];
  let hops = 0;
  while (pending.length > 0) {
    const part = pending.shift() as string;
    if (part === '..') {
      resolved.pop();
      continue;
    }
    const hostPath = join(rootfs, ...resolved, part);
    let stat;
    try {
      stat = await lstat(hostPath);
    } catch {
      return undefined;
    }
    if (stat.isSymbolicLink()) {
      if (++hops > MAX_SYMLINKS) return undefined;
      const target = await readlink(hostPath);
      if (target.startsWith('/')) resolved.length = 0;
      pending.unshift(...target.split('/').filter((p) => p !== '' && p !== '.'));
      continue;
    }
    resolved.push(part);
  }
  try {
    return await readFile(join(rootfs, ...resolved), 'utf8');
  } catch {
    return undefined;
  }
}
