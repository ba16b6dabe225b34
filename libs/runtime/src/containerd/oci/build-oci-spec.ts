import { posix } from 'node:path';
import type { MountSpec, TaskSpec } from '../../runtime.port';
import {
  DOCKER_DEFAULT_CAPABILITIES,
  DOCKER_DEVICE_RULES,
  DOCKER_MASKED_PATHS,
  DOCKER_READONLY_PATHS,
  OCI_VERSION,
  standardMounts,
} from './oci-defaults';
import { defaultNofile } from './nofile-limit';
import type { OciMount, OciNamespace, OciSpec } from './oci-spec';
import { resolveUser } from './resolve-user';

export interface OciSpecOptions {
  /** containerd namespace: the cgroup is /<namespace>/<id> (cgroups v1, cgroupfs). */
  readonly namespace: string;
  /** RLIMIT_NOFILE (default Docker's 1048576, capped at this process's hard limit). */
  readonly nofile?: { readonly soft: number; readonly hard: number };
}

const PROPAGATIONS = ['private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave', 'unbindable', 'runbindable'];

/** A TaskSpec mount as runc wants it: binds get rbind, rw and rprivate unless told otherwise. */
export function ociMount(mount: MountSpec): OciMount {
  const options = [...mount.options];
  if (mount.type === 'bind') {
    if (!options.includes('bind') && !options.includes('rbind')) options.unshift('rbind');
    if (!options.includes('ro') && !options.includes('rw')) options.push('rw');
    if (!options.some((o) => PROPAGATIONS.includes(o))) options.push('rprivate');
  }
  const source = mount.source !== '' ? mount.source : mount.type;
  return { destination: mount.destination, type: mount.type, source, options };
}

const depth = (path: string): number => posix.normalize(path).split('/').filter((p) => p !== '').length;

/** Standard mounts (minus those the task overrides), then the task's mounts, parents before children. */
function mounts(spec: TaskSpec): OciMount[] {
  const own = spec.mounts.map(ociMount);
  const overridden = new Set(own.map((m) => posix.normalize(m.destination)));
  const standard = standardMounts(spec.shmSize).filter((m) => !overridden.has(m.destination));
  const sorted = own
    .map((mount, index) => ({ mount, index }))
    .sort((a, b) => depth(a.mount.destination) - depth(b.mount.destination) || a.index - b.index)
    .map(({ mount }) => mount);
  return [...standard, ...sorted];
}

/** pid, ipc, uts, mount always new; network: host → none, a netns path → joined, else a new empty one. */
function namespaces(network: TaskSpec['network']): OciNamespace[] {
  const list: OciNamespace[] = [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }];
  if (network.netnsPath !== undefined && network.netnsPath !== '') list.push({ type: 'network', path: network.netnsPath });
  else if (network.mode !== 'host') list.push({ type: 'network' });
  return list;
}

/**
 * The OCI runtime spec of a task, with Docker's defaults (capabilities, masked and read-only paths,
 * standard mounts, device rules). Rejects with an 'invalid' RuntimeCallError when the user name is
 * unknown to the rootfs' /etc/passwd.
 */
export async function buildOciSpec(spec: TaskSpec, options: OciSpecOptions): Promise<OciSpec> {
  const user = await resolveUser(spec.rootfs, spec.process.user);
  const nofile = options.nofile ?? defaultNofile();
  const capabilities = [...DOCKER_DEFAULT_CAPABILITIES];
  return {
    ociVersion: OCI_VERSION,
    process: {
      terminal: spec.process.terminal,
      user,
      args: [...spec.process.args],
      env: [...spec.process.env],
      cwd: spec.process.cwd !== '' ? spec.process.cwd : '/',
      capabilities: { bounding: capabilities, effective: capabilities, permitted: capabilities },
      rlimits: [{ type: 'RLIMIT_NOFILE', hard: nofile.hard, soft: nofile.soft }],
      noNewPrivileges: false,
    },
    root: { path: spec.rootfs, readonly: spec.readonlyRootfs },
    hostname: spec.hostname,
    mounts: mounts(spec),
    linux: {
      resources: { devices: [...DOCKER_DEVICE_RULES] },
      cgroupsPath: `/${options.namespace}/${spec.id}`,
      namespaces: namespaces(spec.network),
      maskedPaths: [...DOCKER_MASKED_PATHS],
      readonlyPaths: [...DOCKER_READONLY_PATHS],
    },
  };
}
