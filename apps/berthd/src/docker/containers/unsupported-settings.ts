import { invalidParameter } from '@berth/domain';

/**
 * HostConfig and Config fields berth cannot honour. The docker CLI sends most of them with their
 * zero value on every create; only a value that asks for something is refused (400, naming it).
 */
const HOST_CONFIG_UNSUPPORTED = [
  'Privileged', 'PortBindings', 'PublishAllPorts', 'Links', 'VolumesFrom', 'CapAdd', 'CapDrop', 'Devices',
  'Memory', 'MemorySwap', 'MemoryReservation', 'NanoCpus', 'CpuShares', 'CpuQuota', 'CpuPeriod', 'CpusetCpus',
  'PidMode', 'IpcMode', 'UTSMode', 'UsernsMode', 'CgroupParent', 'Runtime', 'Sysctls', 'Ulimits', 'ExtraHosts',
  'GroupAdd', 'Init', 'PidsLimit', 'OomKillDisable', 'VolumeDriver', 'DeviceRequests', 'Isolation',
] as const;
const CONFIG_UNSUPPORTED = ['OpenStdin', 'AttachStdin', 'StdinOnce', 'Volumes', 'Healthcheck', 'StopSignal', 'StopTimeout'] as const;

function isZero(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

export function rejectUnsupported(body: Record<string, unknown>): void {
  const hostConfig = (body.HostConfig ?? {}) as Record<string, unknown>;
  for (const field of HOST_CONFIG_UNSUPPORTED) {
    if (!isZero(hostConfig[field])) throw invalidParameter(`HostConfig.${field} is not supported by berth`);
  }
  for (const field of CONFIG_UNSUPPORTED) {
    if (!isZero(body[field])) throw invalidParameter(`${field} is not supported by berth`);
  }
  const ports = body.ExposedPorts;
  if (!isZero(ports)) throw invalidParameter('ExposedPorts is not supported by berth');
}
