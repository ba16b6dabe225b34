import type { ContainerState, HostConfig } from '@berth/domain';
import type { Container } from '../generated/berth/v1/Container';
import type { HostConfig as HostConfigMessage } from '../generated/berth/v1/HostConfig';

export function hostConfigMessage(host: HostConfig): HostConfigMessage {
  return {
    binds: [...host.binds],
    mounts: host.mounts.map((m) => ({
      type: m.type,
      source: m.source,
      target: m.target,
      readOnly: m.readOnly,
    })),
    networkMode: host.networkMode,
    restartPolicy: { name: host.restartPolicy.name, maximumRetryCount: host.restartPolicy.maximumRetryCount },
    autoRemove: host.autoRemove,
    shmSize: host.shmSize,
    tmpfs: { ...host.tmpfs },
    readonlyRootfs: host.readonlyRootfs,
    securityOpt: [...host.securityOpt],
    logConfig: { type: host.logConfig.type, config: { ...host.logConfig.config } },
    dns: [...host.dns],
    dnsOptions: [...host.dnsOptions],
    dnsSearch: [...host.dnsSearch],
  };
}

/** A container's state as the berth.v1 Container message. */
export function containerMessage(state: ContainerState): Container {
  const s = state.State;
  return {
    id: state.id,
    name: state.name,
    created: state.created,
    path: state.config.path,
    args: [...state.config.args],
    config: {
      image: state.config.image,
      entrypoint: [...state.config.entrypoint],
      cmd: [...state.config.cmd],
      env: [...state.config.env],
      workingDir: state.config.workingDir,
      user: state.config.user,
      labels: { ...state.config.labels },
      tty: state.config.tty,
      hostname: state.config.hostname,
    },
    hostConfig: hostConfigMessage(state.hostConfig),
    state: {
      status: s.Status,
      running: s.Running,
      paused: s.Paused,
      restarting: s.Restarting,
      oomKilled: s.OOMKilled,
      dead: s.Dead,
      pid: s.Pid,
      exitCode: s.ExitCode,
      error: s.Error,
      startedAt: s.StartedAt,
      finishedAt: s.FinishedAt,
    },
    restartCount: state.RestartCount,
    networks: state.networkSettings.networks.map((n) => ({ ...n })),
    sandboxKey: state.networkSettings.sandboxKey,
    exists: state.exists,
    stateJson: JSON.stringify(state),
  };
}
