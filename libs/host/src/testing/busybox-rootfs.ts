import { copyFile, mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { runChecked } from '../support/exec';

const DEFAULT_APPLETS = ['sh', 'echo', 'sleep', 'true', 'false', 'cat', 'ls', 'env', 'id', 'hostname', 'ip', 'ifconfig', 'mount', 'touch', 'mkdir', 'rm', 'ps', 'wc', 'grep'];

/**
 * Builds a busybox rootfs in `dir` (static /usr/bin/busybox from busybox-static, applet symlinks,
 * empty proc dev sys tmp etc) and tars it to `tarPath` with `tar -C dir -c .` — a tarball that
 * `docker import` accepts. For tests and benchmarks.
 */
export async function buildBusyboxRootfs(dir: string, tarPath: string, applets: readonly string[] = DEFAULT_APPLETS): Promise<string> {
  await mkdir(join(dir, 'bin'), { recursive: true });
  for (const empty of ['proc', 'dev', 'sys', 'tmp', 'etc', 'run']) await mkdir(join(dir, empty), { recursive: true });
  await copyFile('/usr/bin/busybox', join(dir, 'bin', 'busybox'));
  await runChecked('chmod', ['0755', join(dir, 'bin', 'busybox')]);
  for (const applet of applets) await symlink('busybox', join(dir, 'bin', applet));
  await runChecked('tar', ['--force-local', '-C', dir, '-cf', tarPath, '.']);
  return tarPath;
}
