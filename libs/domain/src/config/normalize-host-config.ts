/**
 * Turns a verified HostConfigInput into the stored HostConfig: dockerd's setHostConfig defaults
 * (network mode 'default' if blank), mergeAndVerifyLogConfig's default driver, InitDNSHostConfig
 * (nil DNS lists become empty), and — when `adapt` — rule 7's adaptContainerSettings (shm size 0 →
 * 64 MiB). Call verifyHostConfig / verifyIncomingHostConfig first.
 */
import {
  DEFAULT_LOG_DRIVER,
  DEFAULT_NETWORK_MODE,
  DEFAULT_SHM_SIZE,
  type HostConfig,
  type HostConfigInput,
  type MountConfig,
  type RestartPolicyName,
} from './host-config';

const restartPolicyName = (name: string | undefined): RestartPolicyName =>
  name === 'always' || name === 'on-failure' || name === 'unless-stopped' ? name : 'no';

export const normalizeHostConfig = (input: HostConfigInput): HostConfig => ({
  binds: [...(input.binds ?? [])],
  mounts: (input.mounts ?? []).map((m): MountConfig => ({
    type: m.type === 'volume' || m.type === 'tmpfs' ? m.type : 'bind',
    source: m.source ?? '',
    target: m.target ?? '',
    readOnly: m.readOnly ?? false,
  })),
  networkMode: input.networkMode || DEFAULT_NETWORK_MODE,
  restartPolicy: {
    name: restartPolicyName(input.restartPolicy?.name),
    maximumRetryCount: input.restartPolicy?.maximumRetryCount ?? 0,
  },
  autoRemove: input.autoRemove ?? false,
  shmSize: input.shmSize ?? 0,
  tmpfs: { ...(input.tmpfs ?? {}) },
  readonlyRootfs: input.readonlyRootfs ?? false,
  securityOpt: [...(input.securityOpt ?? [])],
  logConfig: {
    type: input.logConfig?.type || DEFAULT_LOG_DRIVER,
    config: { ...(input.logConfig?.config ?? {}) },
  },
  dns: [...(input.dns ?? [])],
  dnsOptions: [...(input.dnsOptions ?? [])],
  dnsSearch: [...(input.dnsSearch ?? [])],
});

/** design.md §2 rule 7 (dockerd's adaptContainerSettings, the parts berth has): fill defaults. */
export const adaptHostConfig = (hostConfig: HostConfig): HostConfig =>
  hostConfig.shmSize === 0 ? { ...hostConfig, shmSize: DEFAULT_SHM_SIZE } : hostConfig;
