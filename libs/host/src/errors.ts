/**
 * Errors of the host resources (libs/host).
 *
 * A failing acquire throws a HostResourceError: its message names the path or setting the user
 * can act on, `stage` says which start step it belongs to (the caller records StartFailed at that
 * stage) and `kind` follows the daemon's error classes (mapped to HTTP/gRPC only at the edges).
 */

/** The start step a host resource belongs to. */
export type HostStage = 'mount' | 'network';

/** The daemon's error classes (moby errdefs), as far as host resources raise them. */
export type HostErrorKind = 'invalid_parameter' | 'not_found' | 'conflict' | 'system';

export class HostResourceError extends Error {
  override readonly name = 'HostResourceError';
  constructor(
    message: string,
    readonly stage: HostStage,
    readonly kind: HostErrorKind = 'system',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The text of any thrown value. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * True when an error means "the thing is not there": during cleanup that counts as done
 * (containerd's habit). Recognises ENOENT, a HostResourceError of kind not_found and any error
 * carrying `kind: 'not_found'` (the runtime port's RuntimeCallError).
 */
export function isNotFound(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if ('code' in error && error.code === 'ENOENT') return true;
  return 'kind' in error && error.kind === 'not_found';
}
