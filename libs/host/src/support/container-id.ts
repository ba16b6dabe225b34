import { HostResourceError, type HostStage } from '../errors';

/** containerd's identifier rule; it also keeps ids safe as path components ('.', '..', '/' rejected). */
const ID_PATTERN = /^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/;

/** Throws an invalid-parameter error unless `id` is usable as a container/image id in paths. */
export function assertSafeId(id: string, what: string, stage: HostStage = 'mount'): void {
  if (!ID_PATTERN.test(id) || id.length > 128) {
    throw new HostResourceError(`invalid ${what} "${id}": must match ${ID_PATTERN.source}`, stage, 'invalid_parameter');
  }
}
