import { isAbsolute, normalize } from 'node:path';
import { HostResourceError } from '../errors';

/** A parsed `-v src:dst[:mode]` bind (Docker's Linux parser). */
export interface BindSpec {
  readonly source: string;
  readonly destination: string;
  readonly readOnly: boolean;
  /** rprivate (default), private, rshared, shared, rslave, slave. */
  readonly propagation: string;
}

const PROPAGATION = new Set(['private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave']);
const LABEL = new Set(['z', 'Z']);

function invalid(message: string): HostResourceError {
  return new HostResourceError(message, 'mount', 'invalid_parameter');
}

/** Checks a container path as dockerd does: absolute, and not `/`. */
export function checkDestination(destination: string, spec: string): string {
  if (!isAbsolute(destination)) {
    throw invalid(`invalid volume specification: '${spec}': invalid mount config: invalid mount path: '${destination}' mount path must be absolute`);
  }
  const clean = normalize(destination).replace(/(.)\/+$/, '$1');
  if (clean === '/') throw invalid(`invalid volume specification: '${spec}': invalid specification: destination can't be '/'`);
  return clean;
}

/**
 * Parses one HostConfig.Binds entry. Only host paths are supported: a relative source (a named
 * volume in Docker) or a lone container path (an anonymous volume) is an invalid parameter
 * naming the bind.
 */
export function parseBind(spec: string): BindSpec {
  const parts = spec.split(':');
  if (parts.length < 2 || parts.length > 3 || parts.some((part) => part === '')) {
    if (parts.length === 1 && isAbsolute(spec)) {
      throw invalid(`invalid volume specification: '${spec}': anonymous volumes are not supported, bind a host path (src:dst)`);
    }
    throw invalid(`invalid volume specification: '${spec}'`);
  }
  const [source = '', destination = '', mode = ''] = parts;
  if (!isAbsolute(source)) {
    throw invalid(
      `invalid volume specification: '${spec}': bind source "${source}" must be an absolute host path (named volumes are not supported)`,
    );
  }
  let readOnly = false;
  let propagation = 'rprivate';
  let seenRw = false;
  for (const flag of mode === '' ? [] : mode.split(',')) {
    if (flag === 'ro' || flag === 'rw') {
      if (seenRw) throw invalid(`invalid volume specification: '${spec}': invalid mode: ${mode}`);
      seenRw = true;
      readOnly = flag === 'ro';
    } else if (PROPAGATION.has(flag)) {
      propagation = flag;
    } else if (!LABEL.has(flag) && flag !== 'nocopy') {
      throw invalid(`invalid volume specification: '${spec}': invalid mode: ${mode}`);
    }
  }
  return { source: normalize(source), destination: checkDestination(destination, spec), readOnly, propagation };
}
