/** `-v` bind specs (`src:dst[:mode]`, `dst`), parsed as dockerd's Linux parser does. Pure. */
import { invalidParameter } from '../errors/domain-error';

export interface ParsedBind {
  /** 'bind' when the source is a host path, 'volume' for a named or anonymous volume. */
  readonly type: 'bind' | 'volume';
  /** Host path, volume name, or '' for an anonymous volume. */
  readonly source: string;
  readonly destination: string;
  /** The mode as given ('' when none). */
  readonly mode: string;
  readonly readOnly: boolean;
  /** 'rprivate' unless the mode names one. */
  readonly propagation: string;
}

const RW_MODES = new Set(['rw', 'ro']);
const LABEL_MODES = new Set(['z', 'Z']);
const PROPAGATION_MODES = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);
const COPY_MODES = new Set(['nocopy']);
const CONSISTENCY_MODES = new Set(['consistent', 'cached', 'delegated']);
const MODE_KINDS = [RW_MODES, LABEL_MODES, PROPAGATION_MODES, COPY_MODES, CONSISTENCY_MODES];
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** True when every comma-separated part is a known mode, at most one of each kind. */
export const isValidMountMode = (mode: string): boolean => {
  if (mode === '') return true;
  const seen = new Map<Set<string>, number>();
  for (const part of mode.split(',')) {
    const kind = MODE_KINDS.find((k) => k.has(part));
    if (kind === undefined) return false;
    const count = (seen.get(kind) ?? 0) + 1;
    if (count > 1) return false;
    seen.set(kind, count);
  }
  return true;
};

const invalidSpec = (spec: string): Error => invalidParameter(`invalid volume specification: '${spec}'`);

/** Checks a container path: absolute and not '/'. `type` names the mount type in the message. */
export const checkMountDestination = (type: string, destination: string): void => {
  if (destination === '/') {
    throw invalidParameter(
      `invalid mount config for type "${type}": invalid specification: destination can't be '/'`,
    );
  }
  if (!destination.startsWith('/')) {
    throw invalidParameter(
      `invalid mount config for type "${type}": invalid mount path: '${destination}' mount path must be absolute`,
    );
  }
};

export const parseBind = (spec: string): ParsedBind => {
  if (spec.split(':').length - 1 > 2) throw invalidSpec(spec);
  const parts = spec.split(':');
  if (parts[0] === '') throw invalidSpec(spec);
  let source = '';
  let destination: string;
  let mode = '';
  if (parts.length === 1) {
    destination = parts[0];
  } else if (parts.length === 2) {
    // "dst:mode" is not a valid volume: volumes cannot carry a mode without a source.
    if (isValidMountMode(parts[1])) throw invalidSpec(spec);
    [source, destination] = parts;
  } else {
    [source, destination, mode] = parts;
  }
  if (!isValidMountMode(mode)) throw invalidParameter(`invalid mode: ${mode}`);
  const type = source.startsWith('/') ? 'bind' : 'volume';
  if (destination === '') throw invalidSpec(spec);
  checkMountDestination(type, destination);
  if (type === 'volume' && source !== '' && !VOLUME_NAME.test(source)) {
    throw invalidParameter(
      `"${source}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. ` +
        'If you intended to pass a host directory, use absolute path',
    );
  }
  const modes = mode === '' ? [] : mode.split(',');
  return {
    type,
    source,
    destination,
    mode,
    readOnly: modes.includes('ro'),
    propagation: modes.find((m) => PROPAGATION_MODES.has(m)) ?? 'rprivate',
  };
};
