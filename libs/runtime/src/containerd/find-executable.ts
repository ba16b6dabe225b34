import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The absolute path of an executable found on PATH, or undefined. */
export function findExecutable(name: string, path: string = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export class ContainerdNotInstalledError extends Error {
  override readonly name = 'ContainerdNotInstalledError';
}

/**
 * The binaries a managed containerd needs: containerd itself, its runc shim and runc. Throws a
 * clear error naming the Debian packages when one is missing.
 */
export function requireContainerdBinaries(path?: string): { containerd: string; runc: string } {
  const containerd = findExecutable('containerd', path);
  const shim = findExecutable('containerd-shim-runc-v2', path);
  const runc = findExecutable('runc', path);
  const missing = [
    ...(containerd ? [] : ['containerd']),
    ...(shim ? [] : ['containerd-shim-runc-v2']),
    ...(runc ? [] : ['runc']),
  ];
  if (containerd === undefined || runc === undefined || missing.length > 0) {
    throw new ContainerdNotInstalledError(
      `${missing.join(', ')} not found on PATH: the containerd runtime needs containerd and runc ` +
        `(Debian/Ubuntu: apt-get install containerd runc), or configure the process runtime`,
    );
  }
  return { containerd, runc };
}
