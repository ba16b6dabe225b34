/** Events and commands for specs: a container "web" running busybox. */
import type { ContainerConfig } from '../config/container-config';
import { type HostConfig, type HostConfigInput } from '../config/host-config';
import { adaptHostConfig, normalizeHostConfig } from '../config/normalize-host-config';
import type { ContainerEvent, ContainerEventOf } from '../events/container-events';
import { containerEvent } from '../events/event-types';

export const ID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
export const OTHER_ID = 'b'.repeat(64);
export const CREATED_AT = '2024-05-01T10:00:00Z';
export const T0 = '2024-05-01T10:00:01Z';
export const STARTED_AT = '2024-05-01T10:00:02.123456789Z';
export const FINISHED_AT = '2024-05-01T10:00:03.123456789Z';

export const config: ContainerConfig = {
  image: 'busybox:local',
  entrypoint: [],
  cmd: ['sh', '-c', 'exit 3'],
  path: 'sh',
  args: ['-c', 'exit 3'],
  env: ['PATH=/bin'],
  workingDir: '',
  user: '',
  labels: {},
  tty: false,
  hostname: ID.slice(0, 12),
};

export const hostConfig = (input: HostConfigInput = {}): HostConfig =>
  adaptHostConfig(normalizeHostConfig(input));

export const created = (
  host: HostConfigInput = {},
  overrides: Partial<ContainerConfig> = {},
): ContainerEventOf<'ContainerCreated'> =>
  containerEvent('ContainerCreated', {
    id: ID,
    name: '/web',
    config: { ...config, ...overrides },
    hostConfig: hostConfig(host),
    createdAt: CREATED_AT,
  });

export const startRequested = (startId = 's1', resetRestartManager = true): ContainerEvent =>
  containerEvent('StartRequested', {
    startId,
    checkpoint: '',
    checkpointDir: '',
    resetRestartManager,
    requestedAt: T0,
  });

export const mountCompleted = (startId = 's1'): ContainerEvent =>
  containerEvent('MountCompleted', {
    startId,
    baseFs: `/var/lib/berth/rootfs/${ID}/merged`,
    mounts: [
      { kind: 'rootfs', source: 'overlay', destination: '/', readOnly: false, options: [] },
      { kind: 'ipc', source: 'shm', destination: '/dev/shm', readOnly: false, options: ['size=67108864'] },
    ],
  });

export const networkInitialized = (startId = 's1'): ContainerEvent =>
  containerEvent('NetworkInitialized', {
    startId,
    mode: 'bridge',
    sandboxKey: '/var/run/netns/berth-a1b2c3d4e5f6',
    endpoints: [
      { network: 'bridge', ip: '10.88.0.2', ipPrefixLen: 16, gateway: '10.88.0.1', mac: '02:42:0a:58:00:02' },
    ],
  });

export const containerStarted = (startId = 's1', pid = 4242, startedAt = STARTED_AT): ContainerEvent =>
  containerEvent('ContainerStarted', { startId, pid, startedAt });

/** Created and started once (start 's1', pid 4242). */
export const running = (host: HostConfigInput = {}): ContainerEvent[] => [
  created(host),
  startRequested('s1'),
  mountCompleted('s1'),
  networkInitialized('s1'),
  containerStarted('s1'),
];

export const exited = (exitCode = 3, finishedAt = FINISHED_AT, pid = 4242): ContainerEvent =>
  containerEvent('ContainerExited', { exitCode, oomKilled: false, finishedAt, pid });
