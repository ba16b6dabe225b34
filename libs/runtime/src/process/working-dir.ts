import { mkdir, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { RuntimeCallError } from '../runtime.port';
import { errnoCode, errnoText } from './errno-text';

/**
 * The host directory a process-runtime task runs in. There is no chroot, so paths are HOST paths:
 * - cwd '' or '/'                → the rootfs directory (the container's "root");
 * - an existing host directory   → that directory;
 * - anything else (missing)      → created under the rootfs (`<rootfs>/<cwd>`), as runc creates a
 *                                  missing cwd inside the container.
 * The rootfs itself must be an existing directory (runc: `invalid rootfs: stat <path>: …`).
 */
export async function resolveWorkingDir(rootfs: string, cwd: string): Promise<string> {
  await checkRootfs(rootfs);
  if (cwd === '' || cwd === '/') return rootfs;
  if (isAbsolute(cwd)) {
    try {
      if ((await stat(cwd)).isDirectory()) return cwd;
      throw new RuntimeCallError(
        `chdir to cwd (${JSON.stringify(cwd)}) set in config.json failed: not a directory`,
      );
    } catch (error: unknown) {
      if (errnoCode(error) !== 'ENOENT') throw error;
    }
  }
  const inRootfs = join(rootfs, cwd);
  try {
    await mkdir(inRootfs, { recursive: true, mode: 0o755 });
  } catch (error: unknown) {
    throw new RuntimeCallError(`mkdir ${inRootfs}: ${errnoText(error)}`);
  }
  return inRootfs;
}

async function checkRootfs(rootfs: string): Promise<void> {
  try {
    if (!(await stat(rootfs)).isDirectory())
      throw new RuntimeCallError(`invalid rootfs: ${rootfs}: not a directory`);
  } catch (error: unknown) {
    if (error instanceof RuntimeCallError) throw error;
    throw new RuntimeCallError(`invalid rootfs: stat ${rootfs}: ${errnoText(error)}`);
  }
}
