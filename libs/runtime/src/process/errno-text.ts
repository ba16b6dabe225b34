/** Go's text for the errno codes a path lookup can meet (what runc prints), else Node's message. */
const GO_ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EISDIR: 'is a directory',
  ENOEXEC: 'exec format error',
  ETXTBSY: 'text file busy',
};

export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}

export function errnoText(error: unknown): string {
  const code = errnoCode(error);
  if (code !== undefined && GO_ERRNO_TEXT[code] !== undefined) return GO_ERRNO_TEXT[code];
  return error instanceof Error ? error.message : String(error);
}
