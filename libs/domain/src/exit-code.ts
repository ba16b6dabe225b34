/**
 * The exit code and message of a failed start, from the runtime's error text — the seed's logic
 * (moby daemon/start.go, 2016) exactly: lower-cased "contains" (the needle is not lower-cased).
 */
export interface MappedRuntimeError {
  /** 127 (command not found / ENOTDIR), 126 (EACCES) or 128 (anything else). */
  readonly exitCode: number;
  /** The text as the user sees it (with the mount hint for ENOTDIR). */
  readonly message: string;
}

export const ENOTDIR_HINT =
  ': Are you trying to mount a directory onto a file (or vice-versa)? Check if the specified host path exists and is the expected type';

/** The default when nothing in the text says otherwise. */
export const DEFAULT_START_EXIT_CODE = 128;

export const mapRuntimeError = (path: string, errorText: string): MappedRuntimeError => {
  const contains = (haystack: string, needle: string): boolean => haystack.toLowerCase().includes(needle);
  let exitCode = DEFAULT_START_EXIT_CODE;
  let message = errorText;
  if (
    contains(errorText, path) &&
    (contains(errorText, 'executable file not found') ||
      contains(errorText, 'no such file or directory') ||
      contains(errorText, 'system cannot find the file specified'))
  ) {
    exitCode = 127;
  }
  if (contains(errorText, 'permission denied')) exitCode = 126;
  if (contains(errorText, 'not a directory')) {
    message += ENOTDIR_HINT;
    exitCode = 127;
  }
  return { exitCode, message };
};
