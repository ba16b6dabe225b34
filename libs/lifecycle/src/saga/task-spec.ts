import type { ContainerState, MountRecord } from '@berth/domain';
import type { MountSpec, TaskSpec } from '@berth/runtime';

const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Docker's CreateDaemonEnvironment: the container's env plus PATH (when missing) and HOSTNAME. */
export function containerEnv(state: ContainerState, hostname: string): string[] {
  const env = [...state.config.env];
  if (!env.some((e) => e.startsWith('PATH='))) env.unshift(DEFAULT_PATH);
  if (!env.some((e) => e.startsWith('HOSTNAME='))) env.unshift(`HOSTNAME=${hostname}`);
  if (state.config.tty && !env.some((e) => e.startsWith('TERM='))) env.push('TERM=xterm');
  return env;
}

function mountSpec(mount: MountRecord): MountSpec {
  const type = mount.kind === 'tmpfs' ? 'tmpfs' : 'bind';
  return { destination: mount.destination, type, source: mount.source, options: mount.options };
}

/** The runtime's task spec for a container whose mounts and network are in place. */
export function taskSpecOf(state: ContainerState, logPath: string): TaskSpec {
  const hostname = state.config.hostname || state.id.slice(0, 12);
  const network = state.resources.network;
  return {
    id: state.id,
    rootfs: state.resources.baseFs,
    readonlyRootfs: state.hostConfig.readonlyRootfs,
    process: {
      args: [state.config.path, ...state.config.args],
      env: containerEnv(state, hostname),
      cwd: state.config.workingDir || '/',
      user: state.config.user,
      terminal: state.config.tty,
    },
    hostname,
    mounts: state.resources.mounts.filter((m) => m.kind !== 'rootfs' && m.kind !== 'ipc').map(mountSpec),
    shmSize: state.hostConfig.shmSize,
    network: {
      mode: network?.mode ?? state.hostConfig.networkMode,
      netnsPath: network?.sandboxKey || undefined,
    },
    logPath,
  };
}
