import type { ContainerState } from '@berth/domain';
import { humanDuration } from './human-duration';

/** Facts about a container that live outside its events (host paths, the image id). */
export interface ContainerFacts {
  readonly imageId: string;
  readonly logPath: string;
  readonly dataDir: string;
}

const nullIfEmpty = <T>(xs: readonly T[]): readonly T[] | null => (xs.length === 0 ? null : xs);

/** `docker inspect`'s HostConfig (the fields berth keeps; the rest at their zero value). */
function hostConfigJson(s: ContainerState): Record<string, unknown> {
  const h = s.hostConfig;
  return {
    Binds: nullIfEmpty(h.binds),
    NetworkMode: h.networkMode,
    RestartPolicy: { Name: h.restartPolicy.name, MaximumRetryCount: h.restartPolicy.maximumRetryCount },
    AutoRemove: h.autoRemove,
    ShmSize: h.shmSize,
    Tmpfs: Object.keys(h.tmpfs).length ? h.tmpfs : null,
    ReadonlyRootfs: h.readonlyRootfs,
    SecurityOpt: nullIfEmpty(h.securityOpt),
    LogConfig: { Type: h.logConfig.type, Config: h.logConfig.config },
    Mounts: h.mounts.length ? h.mounts.map((m) => ({ Type: m.type, Source: m.source, Target: m.target, ReadOnly: m.readOnly })) : null,
    Dns: [...h.dns],
    DnsOptions: [...h.dnsOptions],
    DnsSearch: [...h.dnsSearch],
    PortBindings: {},
    Privileged: false,
    PublishAllPorts: false,
    CapAdd: null,
    CapDrop: null,
    Links: null,
    VolumesFrom: null,
    Runtime: 'runc',
    Isolation: '',
    CgroupnsMode: 'host',
    IpcMode: 'private',
    PidMode: '',
    Memory: 0,
    NanoCpus: 0,
    CpuShares: 0,
  };
}

function mountsJson(s: ContainerState): Record<string, unknown>[] {
  return s.resources.mounts
    .filter((m) => m.kind === 'bind' || m.kind === 'volume' || m.kind === 'tmpfs')
    .map((m) => ({
      Type: m.kind,
      Source: m.kind === 'tmpfs' ? '' : m.source,
      Destination: m.destination,
      Mode: m.readOnly ? 'ro' : '',
      RW: !m.readOnly,
      Propagation: m.kind === 'tmpfs' ? '' : 'rprivate',
    }));
}

function networkJson(s: ContainerState): Record<string, unknown> {
  const endpoint = s.networkSettings.networks[0] ?? s.resources.network?.endpoints[0];
  const networks: Record<string, unknown> = {};
  for (const e of s.networkSettings.networks) {
    networks[e.network] = { IPAddress: e.ip, IPPrefixLen: e.ipPrefixLen, Gateway: e.gateway, MacAddress: e.mac, NetworkID: '', EndpointID: '' };
  }
  return {
    Bridge: '',
    SandboxID: '',
    SandboxKey: s.networkSettings.sandboxKey,
    HairpinMode: false,
    Ports: {},
    Gateway: endpoint?.gateway ?? '',
    IPAddress: endpoint?.ip ?? '',
    IPPrefixLen: endpoint?.ipPrefixLen ?? 0,
    MacAddress: endpoint?.mac ?? '',
    Networks: networks,
  };
}

/** `GET /containers/{id}/json`. */
export function inspectJson(s: ContainerState, facts: ContainerFacts): Record<string, unknown> {
  const dir = `${facts.dataDir}/containers/${s.id}`;
  return {
    Id: s.id,
    Created: s.created,
    Path: s.config.path,
    Args: s.config.args,
    State: s.State,
    Image: facts.imageId,
    ResolvConfPath: '',
    HostnamePath: '',
    HostsPath: '',
    LogPath: facts.logPath,
    Name: s.name,
    RestartCount: s.RestartCount,
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    ExecIDs: null,
    HostConfig: hostConfigJson(s),
    GraphDriver: {
      Name: 'overlay2',
      Data: { LowerDir: '', UpperDir: `${dir}/upper`, WorkDir: `${dir}/work`, MergedDir: `${dir}/merged` },
    },
    Mounts: mountsJson(s),
    Config: {
      Hostname: s.config.hostname || s.id.slice(0, 12),
      Domainname: '',
      User: s.config.user,
      AttachStdin: false,
      AttachStdout: true,
      AttachStderr: true,
      Tty: s.config.tty,
      OpenStdin: false,
      StdinOnce: false,
      Env: s.config.env.length ? s.config.env : null,
      Cmd: s.config.cmd.length ? s.config.cmd : null,
      Image: s.config.image,
      Volumes: null,
      WorkingDir: s.config.workingDir,
      Entrypoint: s.config.entrypoint.length ? s.config.entrypoint : null,
      OnBuild: null,
      Labels: s.config.labels,
    },
    NetworkSettings: networkJson(s),
  };
}

/** docker ps's Status column. */
export function statusText(s: ContainerState, now: number): string {
  const st = s.State;
  const since = (t: string): string => humanDuration(now - Date.parse(t));
  if (st.Status === 'restarting') return `Restarting (${st.ExitCode}) ${since(st.FinishedAt)} ago`;
  if (st.Status === 'paused') return `Up ${since(st.StartedAt)} (Paused)`;
  if (st.Status === 'running') return `Up ${since(st.StartedAt)}`;
  if (st.Status === 'removing') return 'Removal In Progress';
  if (st.Status === 'dead') return 'Dead';
  if (st.Status === 'created') return 'Created';
  return `Exited (${st.ExitCode}) ${since(st.FinishedAt)} ago`;
}

/** One entry of `GET /containers/json`. */
export function psJson(s: ContainerState, facts: ContainerFacts, now: number): Record<string, unknown> {
  const quote = (a: string): string => (/\s/.test(a) ? `'${a}'` : a);
  return {
    Id: s.id,
    Names: [s.name],
    Image: s.config.image,
    ImageID: facts.imageId,
    Command: [s.config.path, ...s.config.args].map(quote).join(' '),
    Created: Math.floor(Date.parse(s.created) / 1000),
    Ports: [],
    Labels: s.config.labels,
    State: s.State.Status,
    Status: statusText(s, now),
    HostConfig: { NetworkMode: s.hostConfig.networkMode },
    NetworkSettings: { Networks: (networkJson(s).Networks as Record<string, unknown>) ?? {} },
    Mounts: mountsJson(s),
  };
}
