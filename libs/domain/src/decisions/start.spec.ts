/** design.md §2: every start rule, in order, as given/when/then. */
import { describe, expect, it } from 'vitest';
import type { StartContainer } from '../commands/user-commands';
import { DEFAULT_SHM_SIZE, type HostConfigInput } from '../config/host-config';
import { containerEvent } from '../events/event-types';
import {
  CREATED_AT,
  created,
  exited,
  hostConfig,
  ID,
  mountCompleted,
  running,
  startRequested,
  T0,
} from '../testing/fixtures';
import { given } from '../testing/decider-spec';

const start = (data: Partial<StartContainer['data']> = {}): StartContainer => ({
  type: 'StartContainer',
  data: { container: 'web', startId: 's2', requestedAt: T0, ...data },
});

const requested = (startId = 's2', resetRestartManager = true, checkpoint = '') =>
  containerEvent('StartRequested', {
    startId,
    checkpoint,
    checkpointDir: '',
    resetRestartManager,
    requestedAt: T0,
  });

const paused = containerEvent('Paused', {});
const removalRequested = containerEvent('RemovalRequested', { force: true, removeVolumes: false });
const cleanedUp = (startId: string) =>
  containerEvent('CleanupCompleted', {
    startId,
    steps: ['release-network', 'unmount-rootfs', 'cancel-attach'],
    warnings: [],
  });
const restartScheduled = containerEvent('RestartScheduled', {
  restartCount: 1,
  delayMs: 100,
  dueAt: '2024-05-01T10:00:03.223Z',
});

describe('StartContainer — design.md §2', () => {
  describe('rule 1: checkpoint without an experimental daemon', () => {
    it('→ invalid parameter "checkpoint is only supported in experimental mode"', () => {
      given([created()])
        .when(start({ checkpoint: 'cp1' }))
        .then({
          kind: 'invalid_parameter',
          message: 'checkpoint is only supported in experimental mode',
        });
    });

    it('is checked before the container is looked up', () => {
      given([])
        .when(start({ checkpoint: 'cp1' }))
        .then({
          kind: 'invalid_parameter',
          message: 'checkpoint is only supported in experimental mode',
        });
    });

    it('an experimental daemon accepts the checkpoint', () => {
      given([created()], { experimental: true, platform: 'linux' })
        .when(start({ checkpoint: 'cp1' }))
        .then([requested('s2', true, 'cp1')]);
    });
  });

  describe('rule 2: no such container', () => {
    it('→ not found "No such container: <ref>" (the reference as typed)', () => {
      given([])
        .when(start({ container: 'nope' }))
        .then({ kind: 'not_found', message: 'No such container: nope' });
    });

    it('a removed container is gone too', () => {
      const removed = containerEvent('ContainerRemoved', { force: false, removeVolumes: false });
      given([created(), containerEvent('RemovalRequested', { force: false, removeVolumes: false }), removed])
        .when(start({ container: ID.slice(0, 12) }))
        .then({ kind: 'not_found', message: `No such container: ${ID.slice(0, 12)}` });
    });
  });

  describe('rule 3: paused', () => {
    it('→ conflict "cannot start a paused container, try unpause instead"', () => {
      given([...running(), paused])
        .when(start())
        .then({
          kind: 'conflict',
          message: 'cannot start a paused container, try unpause instead',
        });
    });

    it('comes before "marked for removal"', () => {
      given([...running(), paused, removalRequested])
        .when(start())
        .then({
          kind: 'conflict',
          message: 'cannot start a paused container, try unpause instead',
        });
    });
  });

  describe('rule 4: running', () => {
    it('→ not modified "container already started" (304: the CLI treats it as success)', () => {
      given(running()).when(start()).then({ kind: 'not_modified', message: 'container already started' });
    });

    it('a restarting container counts as running for a user start', () => {
      given([...running({ restartPolicy: { name: 'always' } }), exited(1), restartScheduled])
        .when(start())
        .then({ kind: 'not_modified', message: 'container already started' });
    });

    it('is skipped when the restart manager starts it (resetRestartManager = false)', () => {
      const state = given([
        ...running({ restartPolicy: { name: 'always' } }),
        exited(1),
        restartScheduled,
        cleanedUp('s1'),
      ])
        .when(start({ startId: 'r1', resetRestartManager: false }))
        .then([requested('r1', false)]);
      expect(state.State).toMatchObject({ Status: 'restarting', Running: true, Restarting: true });
      expect(state.restartManager.scheduled).toBeUndefined();
    });

    it('a restart-manager start with no restart scheduled (cancelled, or already taken) decides nothing', () => {
      given([
        ...running({ restartPolicy: { name: 'always' } }),
        exited(1),
        restartScheduled,
        cleanedUp('s1'),
        requested('r1', false),
      ])
        .when(start({ startId: 'r2', resetRestartManager: false }))
        .then([]);
      given([created()])
        .when(start({ resetRestartManager: false }))
        .then([]);
    });
  });

  describe('rule 5: host config given on start (Linux)', () => {
    it('replaces the host config (verified, defaults filled), then StartRequested', () => {
      const input: HostConfigInput = {
        binds: ['/srv/data:/data:ro'],
        restartPolicy: { name: 'on-failure', maximumRetryCount: 2 },
      };
      given([created()])
        .when(start({ hostConfig: input }))
        .then([
          containerEvent('HostConfigReplaced', { hostConfig: hostConfig(input), networksReset: false }),
          requested(),
        ]);
    });

    it('a changed network mode resets the network settings', () => {
      const state = given([created({ networkMode: 'bridge' })])
        .when(start({ hostConfig: { networkMode: 'none' } }))
        .then([
          containerEvent('HostConfigReplaced', {
            hostConfig: hostConfig({ networkMode: 'none' }),
            networksReset: true,
          }),
          requested(),
        ]);
      expect(state.hostConfig.networkMode).toBe('none');
      expect(state.networkSettings.networks).toEqual([]);
    });

    it('a blank network mode becomes "default"; DNS lists are initialised', () => {
      const [replaced] = given([created()])
        .when(start({ hostConfig: { networkMode: '' } }))
        .events();
      expect(replaced).toMatchObject({
        type: 'HostConfigReplaced',
        data: {
          hostConfig: { networkMode: 'default', dns: [], dnsOptions: [], dnsSearch: [] },
          networksReset: false,
        },
      });
    });

    it('verifies the security options', () => {
      given([created()])
        .when(start({ hostConfig: { securityOpt: ['bogus'] } }))
        .then({
          kind: 'invalid_parameter',
          message: 'invalid --security-opt 1: "bogus"',
        });
      given([created()])
        .when(start({ hostConfig: { securityOpt: ['foo=bar'] } }))
        .then({
          kind: 'invalid_parameter',
          message: 'invalid --security-opt 2: "foo=bar"',
        });
    });

    it('verifies the log config', () => {
      given([created()])
        .when(start({ hostConfig: { logConfig: { type: 'syslog' } } }))
        .then({
          kind: 'invalid_parameter',
          message: "logger: no log driver named 'syslog' is registered",
        });
      given([created()])
        .when(start({ hostConfig: { logConfig: { type: 'json-file', config: { 'max-sise': '1m' } } } }))
        .then({
          kind: 'invalid_parameter',
          message: "unknown log opt 'max-sise' for json-file log driver",
        });
    });
  });

  describe('rule 5w: host config given on start, Windows platform mode', () => {
    const windows = { experimental: false, platform: 'windows' } as const;

    it('→ invalid parameter "Supplying a hostconfig on start is not supported. It should be supplied on create"', () => {
      given([created()], windows)
        .when(start({ hostConfig: {} }))
        .then({
          kind: 'invalid_parameter',
          message: 'Supplying a hostconfig on start is not supported. It should be supplied on create',
        });
    });

    it('without a host config the start goes on', () => {
      given([created()], windows).when(start()).then([requested()]);
    });
  });

  describe('rule 6: host config invalid for this host', () => {
    const refused = (input: HostConfigInput, message: string): void => {
      given([created()])
        .when(start({ hostConfig: input }))
        .then({ kind: 'invalid_parameter', message });
    };

    it('unknown restart policy', () =>
      refused({ restartPolicy: { name: 'sometimes' } }, "invalid restart policy 'sometimes'"));
    it('negative maximum retry count', () =>
      refused(
        { restartPolicy: { name: 'on-failure', maximumRetryCount: -1 } },
        'maximum retry count cannot be negative',
      ));
    it('a retry count with another policy', () =>
      refused(
        { restartPolicy: { name: 'always', maximumRetryCount: 3 } },
        "maximum retry count cannot be used with restart policy 'always'",
      ));
    it('AutoRemove with a restart policy', () =>
      refused(
        { autoRemove: true, restartPolicy: { name: 'unless-stopped' } },
        "can't create 'AutoRemove' container with restart policy",
      ));
    it('negative shm size', () => refused({ shmSize: -1 }, 'SHM size can not be less than 0'));
    it('container network mode without a container', () =>
      refused(
        { networkMode: 'container:' },
        'Invalid network mode: invalid container format container:<name|id>',
      ));
    it('a network mode that is no network name', () =>
      refused({ networkMode: 'br idge' }, 'invalid network mode "br idge"'));
    it('an invalid bind spec', () =>
      refused({ binds: ['/a:/b:/c:/d'] }, "invalid volume specification: '/a:/b:/c:/d'"));
    it('a bind with an unknown mode', () => refused({ binds: ['/a:/b:rx'] }, 'invalid mode: rx'));
    it('a relative mount target', () =>
      refused(
        { mounts: [{ type: 'bind', source: '/srv', target: 'data' }] },
        `invalid mount config for type "bind": invalid mount path: 'data' mount path must be absolute`,
      ));

    it("applies to the container's own host config when none is given", () => {
      const legacy = created();
      const broken = {
        ...legacy,
        data: { ...legacy.data, hostConfig: { ...legacy.data.hostConfig, shmSize: -5 } },
      };
      given([broken])
        .when(start())
        .then({ kind: 'invalid_parameter', message: 'SHM size can not be less than 0' });
    });
  });

  describe('rule 7: adapt the given host config', () => {
    it('shm size 0 → 64 MiB', () => {
      const [replaced] = given([created()])
        .when(start({ hostConfig: { shmSize: 0 } }))
        .events();
      expect(replaced).toMatchObject({
        type: 'HostConfigReplaced',
        data: { hostConfig: { shmSize: DEFAULT_SHM_SIZE } },
      });
      expect(DEFAULT_SHM_SIZE).toBe(67108864);
    });

    it('a given shm size is kept', () => {
      const [replaced] = given([created()])
        .when(start({ hostConfig: { shmSize: 1 << 20 } }))
        .events();
      expect(replaced).toMatchObject({ data: { hostConfig: { shmSize: 1 << 20 } } });
    });
  });

  describe('rule 8: removal in progress', () => {
    it('→ conflict "container is marked for removal and cannot be started"', () => {
      given([created(), containerEvent('RemovalRequested', { force: false, removeVolumes: false })])
        .when(start())
        .then({
          kind: 'conflict',
          message: 'container is marked for removal and cannot be started',
        });
    });

    it('nothing is recorded when the start is refused after a host config was given', () => {
      given([created(), containerEvent('RemovalRequested', { force: false, removeVolumes: false })])
        .when(start({ hostConfig: { networkMode: 'none' } }))
        .then({ kind: 'conflict', message: 'container is marked for removal and cannot be started' });
    });
  });

  describe('rule 9: otherwise', () => {
    it('a created container → StartRequested', () => {
      const state = given([created()]).when(start()).then([requested()]);
      expect(state.currentStart).toMatchObject({
        startId: 's2',
        progress: 'requested',
        resetRestartManager: true,
      });
      expect(state.State.Status).toBe('created');
    });

    it('an exited container whose cleanup is done → StartRequested, resetting the restart manager', () => {
      const cleaned = cleanedUp('s1');
      const state = given([
        ...running({ restartPolicy: { name: 'on-failure', maximumRetryCount: 5 } }),
        exited(1),
        containerEvent('RestartScheduled', { restartCount: 1, delayMs: 100, dueAt: T0 }),
        containerEvent('StopRequested', { signal: 15, timeoutSeconds: 10 }),
        containerEvent('RestartCancelled', { reason: 'stop', manuallyStopped: true }),
        cleaned,
      ])
        .when(start())
        .then([requested()]);
      expect(state.RestartCount).toBe(0);
      expect(state.restartManager).toEqual({ hasBeenManuallyStopped: false, lastDelayMs: 0 });
    });
  });

  describe('delivery and serialisation', () => {
    it('the same start delivered again decides nothing', () => {
      given([created(), startRequested('s2')])
        .when(start())
        .then([]);
    });

    it('another start while one is in flight → conflict (busy: wait and decide again)', () => {
      const [error] = (() => {
        try {
          given([created(), startRequested('s1'), mountCompleted('s1')])
            .when(start())
            .events();
        } catch (e) {
          return [e];
        }
        return [];
      })();
      expect(error).toMatchObject({
        kind: 'conflict',
        reason: 'busy',
        message: `container ${ID} is being started: try again when the start has finished`,
      });
    });

    it('a start while the last run is being cleaned up → conflict (busy)', () => {
      given([...running(), exited(0)])
        .when(start())
        .then({
          kind: 'conflict',
          message: `container ${ID} is being cleaned up after its last run: try again when the cleanup has finished`,
        });
    });

    it('requestedAt must be a timestamp', () => {
      given([created()])
        .when(start({ requestedAt: 'yesterday' }))
        .then({
          kind: 'invalid_parameter',
          message: 'requestedAt is not an RFC 3339 timestamp: "yesterday"',
        });
      expect(CREATED_AT).toBeTruthy();
    });
  });
});
