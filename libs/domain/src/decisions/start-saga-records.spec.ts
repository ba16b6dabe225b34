/** The start saga's records: happy path, failures with dockerd's exit codes, at-least-once delivery. */
import { describe, expect, it } from 'vitest';
import type { ContainerCommand } from '../commands/container-command';
import type { StartStage } from '../events/container-events';
import { containerEvent } from '../events/event-types';
import { ENOTDIR_HINT } from '../exit-code';
import {
  containerStarted,
  created,
  exited,
  ID,
  mountCompleted,
  networkInitialized,
  running,
  STARTED_AT,
  startRequested,
} from '../testing/fixtures';
import { given } from '../testing/decider-spec';
import { RUNC } from '../testing/runc-messages';

const mount: ContainerCommand = { type: 'RecordMountCompleted', data: mountCompleted('s1').data as never };
const network: ContainerCommand = {
  type: 'RecordNetworkInitialized',
  data: networkInitialized('s1').data as never,
};
const started = (startId = 's1'): ContainerCommand => ({
  type: 'RecordContainerStarted',
  data: { startId, pid: 4242, startedAt: STARTED_AT },
});
const failed = (stage: StartStage, error: string, startId = 's1'): ContainerCommand => ({
  type: 'RecordStartFailed',
  data: { startId, stage, error },
});
const cleanup = (startId = 's1'): ContainerCommand => ({
  type: 'RecordCleanupCompleted',
  data: {
    startId,
    steps: ['release-network', 'unmount-ipc', 'unmount-rootfs', 'unmount-volumes', 'cancel-attach'],
    warnings: [],
  },
});
const startFailed = (stage: StartStage, error: string, exitCode: number) =>
  containerEvent('StartFailed', { startId: 's1', stage, error, exitCode });

describe('the start saga records, in order', () => {
  it('mount → network → started: running, with pid and StartedAt', () => {
    given([created(), startRequested('s1')])
      .when(mount)
      .then([mountCompleted('s1')]);
    given([created(), startRequested('s1'), mountCompleted('s1')])
      .when(network)
      .then([networkInitialized('s1')]);
    const state = given([created(), startRequested('s1'), mountCompleted('s1'), networkInitialized('s1')])
      .when(started())
      .then([containerStarted('s1')]);
    expect(state.State).toMatchObject({
      Status: 'running',
      Running: true,
      Pid: 4242,
      StartedAt: STARTED_AT,
      ExitCode: 0,
      Error: '',
    });
  });

  it('a record that skips a step → conflict (out_of_order)', () => {
    given([created(), startRequested('s1')])
      .when(started())
      .then({
        kind: 'conflict',
        message: "ContainerStarted for start s1 arrived while the start is at 'requested'",
      });
    given(running())
      .when(cleanup())
      .then({
        kind: 'conflict',
        message: "CleanupCompleted for start s1 arrived while the start is at 'started'",
      });
  });
});

describe('at-least-once delivery: records decide nothing when', () => {
  it('the step is already recorded', () => {
    given([created(), startRequested('s1'), mountCompleted('s1')])
      .when(mount)
      .then([]);
    given([created(), startRequested('s1'), mountCompleted('s1'), networkInitialized('s1')])
      .when(network)
      .then([]);
    given(running()).when(started()).then([]);
    given(running()).when(failed('start', 'late')).then([]);
    given([
      created(),
      startRequested('s1'),
      startFailed('mount', 'boom', 128),
      containerEvent('CleanupCompleted', cleanup().data as never),
    ])
      .when(cleanup())
      .then([]);
  });

  it('the start is not the current one', () => {
    given([created(), startRequested('s2')])
      .when(mount)
      .then([]);
    given([created(), startRequested('s2')])
      .when(failed('mount', 'x'))
      .then([]);
    given([created(), startRequested('s2')])
      .when(cleanup())
      .then([]);
  });

  it('the container does not exist (any more)', () => {
    given([]).when(mount).then([]);
    given([])
      .when({
        type: 'RecordContainerExited',
        data: { exitCode: 0, oomKilled: false, finishedAt: STARTED_AT },
      })
      .then([]);
    given([]).when({ type: 'RecordContainerRemoved', data: {} }).then([]);
  });

  it("an exit is delivered twice, or is another task's", () => {
    given([...running(), exited(3)])
      .when({ type: 'RecordContainerExited', data: exited(3).data as never })
      .then([]);
    given(running())
      .when({
        type: 'RecordContainerExited',
        data: { exitCode: 0, oomKilled: false, finishedAt: STARTED_AT, pid: 1 },
      })
      .then([]);
  });
});

describe("StartFailed: dockerd's exit code and message from the runtime error (real runc messages)", () => {
  const atRuntime = (path: string) => [
    created({}, { path, args: [] }),
    startRequested('s1'),
    mountCompleted('s1'),
    networkInitialized('s1'),
  ];

  it('missing binary → 127, the error as State.Error, status stays created', () => {
    const state = given(atRuntime('/bin/nope'))
      .when(failed('create', RUNC.missingBinary))
      .then([startFailed('create', RUNC.missingBinary, 127)]);
    expect(state.State).toMatchObject({
      Status: 'created',
      Running: false,
      ExitCode: 127,
      Error: RUNC.missingBinary,
      Pid: 0,
    });
  });

  it('not on PATH → 127', () => {
    given(atRuntime('nope'))
      .when(failed('create', RUNC.notOnPath))
      .then([startFailed('create', RUNC.notOnPath, 127)]);
  });

  it('not executable → 126', () => {
    given(atRuntime('/bin/noexec'))
      .when(failed('create', RUNC.notExecutable))
      .then([startFailed('create', RUNC.notExecutable, 126)]);
  });

  it('bind of a file onto a directory → 127 and the hint', () => {
    given(atRuntime('/bin/sleep'))
      .when(failed('create', RUNC.bindFileOntoDir))
      .then([startFailed('create', RUNC.bindFileOntoDir + ENOTDIR_HINT, 127)]);
  });

  it('anything else → 128', () => {
    given(atRuntime('/bin/echo'))
      .when(failed('create', RUNC.bindSourceMissing))
      .then([startFailed('create', RUNC.bindSourceMissing, 128)]);
  });

  it('a failed mount or network step → 128, the text unmapped', () => {
    given([created(), startRequested('s1')])
      .when(failed('mount', 'permission denied'))
      .then([startFailed('mount', 'permission denied', 128)]);
  });

  it('128 does not overwrite the exit code of an earlier run (dockerd sets 128 only over 0)', () => {
    const cleaned = containerEvent('CleanupCompleted', {
      startId: 's1',
      steps: ['cancel-attach'],
      warnings: [],
    });
    const state = given([...running(), exited(3), cleaned, startRequested('s2')])
      .when(failed('mount', 'device busy', 's2'))
      .then([
        containerEvent('StartFailed', { startId: 's2', stage: 'mount', error: 'device busy', exitCode: 3 }),
      ]);
    expect(state.State).toMatchObject({ Status: 'exited', ExitCode: 3, Error: 'device busy' });
  });
});

describe('CleanupCompleted', () => {
  it('releases the resources and the network settings keep only the network names', () => {
    const state = given([...running(), exited(0)])
      .when(cleanup())
      .then([containerEvent('CleanupCompleted', cleanup().data as never)]);
    expect(state.resources).toEqual({ mounted: false, baseFs: '', mounts: [] });
    expect(state.networkSettings).toEqual({
      sandboxKey: '',
      networks: [{ network: 'bridge', ip: '', ipPrefixLen: 0, gateway: '', mac: '' }],
    });
    expect(state.currentStart?.progress).toBe('cleaned-up');
    expect(ID).toHaveLength(64);
  });
});
