import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Debian's busybox-static: one statically linked binary, usable as a whole root filesystem. */
export const STATIC_BUSYBOX = '/usr/bin/busybox';

/**
 * Build a minimal root filesystem in `dir` (created when missing): /bin/busybox (static) with a
 * symlink per applet (sh, echo, sleep, true, cat, …), empty proc dev sys tmp, and /etc with root
 * and nobody in passwd/group. `tar -C dir -c .` of it is something `docker import` accepts.
 * Needs the busybox-static package (apt-get install busybox-static).
 */
export function buildBusyboxRootfs(dir: string): string {
  if (!existsSync(STATIC_BUSYBOX)) throw new Error(`${STATIC_BUSYBOX} missing: apt-get install busybox-static`);
  for (const sub of ['bin', 'proc', 'dev', 'sys', 'tmp', 'etc', 'root']) mkdirSync(join(dir, sub), { recursive: true });
  chmodSync(join(dir, 'tmp'), 0o1777);
  copyFileSync(STATIC_BUSYBOX, join(dir, 'bin', 'busybox'));
  chmodSync(join(dir, 'bin', 'busybox'), 0o755);
  const applets = execFileSync(STATIC_BUSYBOX, ['--list'], { encoding: 'utf8' }).split('\n').filter((a) => /^[\w.[\]-]+$/.test(a));
  for (const applet of applets) {
    const link = join(dir, 'bin', applet);
    if (applet !== 'busybox' && !existsSync(link)) symlinkSync('busybox', link);
  }
  writeFileSync(join(dir, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n');
  writeFileSync(join(dir, 'etc', 'group'), 'root:x:0:\nnobody:x:65534:\n');
  return dir;
}
