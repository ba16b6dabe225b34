/**
 * design.md §2 rule 6: is this host config valid for this host? (dockerd's validateHostConfig and
 * the Linux platform checks that need no I/O.) Throws InvalidParameter naming the setting.
 */
import { invalidParameter } from '../errors/domain-error';
import { checkMountDestination } from './binds';
import type { HostConfigInput } from './host-config';

const NETWORK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export const verifyRestartPolicy = (policy: HostConfigInput['restartPolicy'], autoRemove: boolean): void => {
  const name = policy?.name ?? '';
  const max = policy?.maximumRetryCount ?? 0;
  if (autoRemove && name !== '' && name !== 'no') {
    throw invalidParameter("can't create 'AutoRemove' container with restart policy");
  }
  switch (name) {
    case 'always':
    case 'unless-stopped':
    case 'no':
      if (max !== 0)
        throw invalidParameter(`maximum retry count cannot be used with restart policy '${name}'`);
      return;
    case 'on-failure':
      if (!Number.isInteger(max) || max < 0) throw invalidParameter('maximum retry count cannot be negative');
      return;
    case '':
      return;
    default:
      throw invalidParameter(`invalid restart policy '${name}'`);
  }
};

export const verifyNetworkMode = (mode: string): void => {
  if (mode === '' || mode === 'default' || mode === 'bridge' || mode === 'host' || mode === 'none') return;
  if (mode.startsWith('container:') || mode === 'container') {
    if (mode.slice('container:'.length) === '') {
      throw invalidParameter('Invalid network mode: invalid container format container:<name|id>');
    }
    return;
  }
  if (!NETWORK_NAME.test(mode)) throw invalidParameter(`invalid network mode "${mode}"`);
};

const verifyMounts = (mounts: HostConfigInput['mounts']): void => {
  for (const m of mounts ?? []) {
    const problem = (text: string): Error =>
      invalidParameter(`invalid mount config for type "${m.type}": ${text}`);
    if (m.type !== 'bind' && m.type !== 'volume' && m.type !== 'tmpfs') throw problem('mount type unknown');
    if ((m.target ?? '') === '') throw problem('field Target must not be empty');
    checkMountDestination(m.type, m.target ?? '');
    const source = m.source ?? '';
    if (m.type === 'bind') {
      if (source === '') throw problem('field Source must not be empty');
      if (!source.startsWith('/'))
        throw problem(`invalid mount path: '${source}' mount path must be absolute`);
    }
    if (m.type === 'tmpfs' && source !== '') throw problem('field Source must not be specified');
  }
};

export const verifyHostConfig = (hostConfig: HostConfigInput): void => {
  verifyRestartPolicy(hostConfig.restartPolicy, hostConfig.autoRemove ?? false);
  verifyMounts(hostConfig.mounts);
  for (const destination of Object.keys(hostConfig.tmpfs ?? {})) checkMountDestination('tmpfs', destination);
  const shmSize = hostConfig.shmSize ?? 0;
  if (!Number.isFinite(shmSize) || shmSize < 0) throw invalidParameter('SHM size can not be less than 0');
  verifyNetworkMode(hostConfig.networkMode ?? '');
};
