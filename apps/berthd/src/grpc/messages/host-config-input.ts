import type { ContainerConfigInput, HostConfigInput } from '@berth/domain';
import type { ContainerConfig__Output } from '../generated/berth/v1/ContainerConfig';
import type { HostConfig__Output } from '../generated/berth/v1/HostConfig';

const list = (values: readonly string[]): readonly string[] | undefined =>
  values.length > 0 ? values : undefined;
const map = (values: Readonly<Record<string, string>>): Readonly<Record<string, string>> | undefined =>
  Object.keys(values).length > 0 ? values : undefined;

/** A HostConfig message as the domain's input: unset and empty fields are left to dockerd's defaults. */
export function hostConfigInput(message: HostConfig__Output): HostConfigInput {
  const input: Record<string, unknown> = {
    binds: list(message.binds),
    mounts:
      message.mounts.length > 0
        ? message.mounts.map((m) => ({
            type: m.type,
            source: m.source,
            target: m.target,
            readOnly: m.readOnly,
          }))
        : undefined,
    networkMode: message.networkMode || undefined,
    restartPolicy: message.restartPolicy?.name
      ? { name: message.restartPolicy.name, maximumRetryCount: message.restartPolicy.maximumRetryCount }
      : undefined,
    autoRemove: message.autoRemove,
    shmSize: message.shmSize,
    tmpfs: map(message.tmpfs),
    readonlyRootfs: message.readonlyRootfs,
    securityOpt: list(message.securityOpt),
    logConfig: message.logConfig?.type
      ? { type: message.logConfig.type, config: message.logConfig.config }
      : undefined,
    dns: list(message.dns),
    dnsOptions: list(message.dnsOptions),
    dnsSearch: list(message.dnsSearch),
  };
  return Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined),
  ) as HostConfigInput;
}

export function containerConfigInput(message: ContainerConfig__Output | null): ContainerConfigInput {
  const config = message ?? {
    image: '',
    entrypoint: [],
    cmd: [],
    env: [],
    workingDir: '',
    user: '',
    labels: {},
    tty: false,
    hostname: '',
  };
  const input: Record<string, unknown> = {
    image: config.image,
    entrypoint: list(config.entrypoint),
    cmd: list(config.cmd),
    env: list(config.env),
    workingDir: config.workingDir || undefined,
    user: config.user || undefined,
    labels: map(config.labels),
    tty: config.tty || undefined,
    hostname: config.hostname || undefined,
  };
  return Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined),
  ) as unknown as ContainerConfigInput;
}
