/**
 * One error base for the domain, with the class Docker uses (moby's errdefs). The edges map
 * `kind` to HTTP (httpStatusOf, moby's table) or to gRPC codes; the domain never does.
 */
export type DomainErrorKind =
  'invalid_parameter' | 'not_found' | 'conflict' | 'not_modified' | 'forbidden' | 'system';

/**
 * Why a conflict happened, when a caller may act on it:
 * - `busy`: a start saga is in flight or a cleanup is pending for this container. The command was
 *   not refused on its merits: wait for the container's next event and decide again (dockerd
 *   serialises these with the container lock).
 * - `out_of_order`: a saga-facing record arrived before the step it depends on (a lifecycle bug).
 */
export type DomainErrorReason = 'busy' | 'out_of_order';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly reason?: DomainErrorReason,
  ) {
    super(message);
  }
}

export const isDomainError = (value: unknown): value is DomainError => value instanceof DomainError;

export const invalidParameter = (message: string): DomainError =>
  new DomainError('invalid_parameter', message);
export const notFound = (message: string): DomainError => new DomainError('not_found', message);
export const conflict = (message: string, reason?: DomainErrorReason): DomainError =>
  new DomainError('conflict', message, reason);
export const notModified = (message: string): DomainError => new DomainError('not_modified', message);
export const forbidden = (message: string): DomainError => new DomainError('forbidden', message);
export const systemError = (message: string): DomainError => new DomainError('system', message);

const HTTP_STATUS: Readonly<Record<DomainErrorKind, number>> = {
  invalid_parameter: 400,
  not_found: 404,
  conflict: 409,
  not_modified: 304,
  forbidden: 403,
  system: 500,
};

/** moby's errdefs → HTTP table. */
export const httpStatusOf = (kind: DomainErrorKind): number => HTTP_STATUS[kind];
