/** Real tasks.Create errors from containerd 1.6.20 + runc 1.1.5 (docs/containerd.md, Errors). */
const PREFIX = 'failed to create shim task: OCI runtime create failed: runc create failed: ';

export const RUNC = {
  missingBinary: `${PREFIX}unable to start container process: exec: "/bin/nope": stat /bin/nope: no such file or directory: unknown`,
  notOnPath: `${PREFIX}unable to start container process: exec: "nope": executable file not found in $PATH: unknown`,
  notExecutable: `${PREFIX}unable to start container process: exec: "/bin/noexec": permission denied: unknown`,
  bindFileOntoDir:
    `${PREFIX}unable to start container process: error during container init: error mounting "/etc/hostname" to rootfs at "/bin": ` +
    'mount /etc/hostname:/bin (via /proc/self/fd/6), flags: 0x5001: not a directory: unknown',
  bindSourceMissing:
    `${PREFIX}unable to start container process: error during container init: error mounting "/nonexistent" to rootfs at "/data": ` +
    'stat /nonexistent: no such file or directory: unknown',
  rootfsMissing: `${PREFIX}invalid rootfs: stat /var/lib/berth/rootfs/x: no such file or directory: unknown`,
} as const;
