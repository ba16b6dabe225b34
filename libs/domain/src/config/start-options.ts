/**
 * design.md §2 rule 5 (and create): the checks dockerd runs while taking a host config in —
 * security options (parseSecurityOpt), log config (mergeAndVerifyLogConfig), bind specs
 * (registerMountPoints). Throw InvalidParameter.
 */
import { invalidParameter } from '../errors/domain-error';
import { parseBind } from './binds';
import type { HostConfigInput } from './host-config';

const quote = (s: string): string => JSON.stringify(s);

export const verifySecurityOptions = (options: readonly string[]): void => {
  for (const opt of options) {
    if (opt === 'no-new-privileges' || opt === 'disable') continue;
    let parts: string[] = [];
    if (opt.includes('=')) parts = [opt.slice(0, opt.indexOf('=')), opt.slice(opt.indexOf('=') + 1)];
    else if (opt.includes(':')) parts = [opt.slice(0, opt.indexOf(':')), opt.slice(opt.indexOf(':') + 1)];
    if (parts.length !== 2) throw invalidParameter(`invalid --security-opt 1: ${quote(opt)}`);
    const [key, value] = parts;
    switch (key) {
      case 'label':
      case 'apparmor':
      case 'seccomp':
        continue;
      case 'no-new-privileges':
        if (
          !['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)
        ) {
          throw invalidParameter(`invalid --security-opt 2: ${quote(opt)}`);
        }
        continue;
      default:
        throw invalidParameter(`invalid --security-opt 2: ${quote(opt)}`);
    }
  }
};

const JSON_FILE_OPTIONS = new Set([
  'max-file',
  'max-size',
  'compress',
  'labels',
  'labels-regex',
  'env',
  'env-regex',
  'tag',
]);
const BUILT_IN_LOG_OPTIONS = new Set(['mode', 'max-buffer-size']);

/** berth ships the json-file and none log drivers. An empty type means the default (json-file). */
export const verifyLogConfig = (logConfig: HostConfigInput['logConfig']): void => {
  const type = logConfig?.type || 'json-file';
  const config = logConfig?.config ?? {};
  if (type === 'none') return;
  const mode = config['mode'] ?? '';
  if (mode !== '' && mode !== 'blocking' && mode !== 'non-blocking') {
    throw invalidParameter(`logger: logging mode not supported: ${mode}`);
  }
  if (type !== 'json-file') throw invalidParameter(`logger: no log driver named '${type}' is registered`);
  for (const key of Object.keys(config)) {
    if (!BUILT_IN_LOG_OPTIONS.has(key) && !JSON_FILE_OPTIONS.has(key)) {
      throw invalidParameter(`unknown log opt '${key}' for json-file log driver`);
    }
  }
};

export const verifyBinds = (binds: readonly string[]): void => {
  const destinations = new Set<string>();
  for (const spec of binds) {
    const { destination } = parseBind(spec);
    if (destinations.has(destination)) throw invalidParameter(`Duplicate mount point: ${destination}`);
    destinations.add(destination);
  }
};

/** Everything rule 5 checks before the host config replaces the container's. */
export const verifyIncomingHostConfig = (hostConfig: HostConfigInput): void => {
  verifySecurityOptions(hostConfig.securityOpt ?? []);
  verifyLogConfig(hostConfig.logConfig);
  verifyBinds(hostConfig.binds ?? []);
};
