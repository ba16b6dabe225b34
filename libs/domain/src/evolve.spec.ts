/** evolve: the inspect State fields for each lifecycle path, as dockerd 20.10 shows them. */
import { describe, expect, it } from 'vitest';
import { containerEvent } from './events/event-types';
import { evolve, evolveAll } from './evolve';
import { initialState, ZERO_TIME } from './state/container-state';
import {
  created,
  exited,
  FINISHED_AT,
  ID,
  mountCompleted,
  networkInitialized,
  running,
  STARTED_AT,
  startRequested,
} from './testing/fixtures';
import { RUNC } from './testing/runc-messages';

const cleaned = (startId = 's1') =>
  containerEvent('CleanupCompleted', {
    startId,
    steps: ['release-network', 'unmount-rootfs', 'cancel-attach'],
    warnings: [],
  });

describe('evolve → docker inspect State', () => {
  it('created', () => {
    expect(evolveAll([created()]).State).toEqual({
      Status: 'created',
      Running: false,
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: 0,
      ExitCode: 0,
      Error: '',
      StartedAt: ZERO_TIME,
      FinishedAt: ZERO_TIME,
    });
  });

  it('a start in flight is still created', () => {
    expect(
      evolveAll([created(), startRequested(), mountCompleted(), networkInitialized()]).State.Status,
    ).toBe('created');
  });

  it('running', () => {
    expect(evolveAll(running()).State).toMatchObject({
      Status: 'running',
      Running: true,
      Pid: 4242,
      StartedAt: STARTED_AT,
      FinishedAt: ZERO_TIME,
    });
  });

  it('sh -c "exit 3" → exited, ExitCode 3, Error ""', () => {
    expect(evolveAll([...running(), exited(3), cleaned()]).State).toEqual({
      Status: 'exited',
      Running: false,
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: 0,
      ExitCode: 3,
      Error: '',
      StartedAt: STARTED_AT,
      FinishedAt: FINISHED_AT,
    });
  });

  it('a failed start → created, with Error and ExitCode set', () => {
    const failed = containerEvent('StartFailed', {
      startId: 's1',
      stage: 'create',
      error: RUNC.missingBinary,
      exitCode: 127,
    });
    const state = evolveAll([
      created(),
      startRequested(),
      mountCompleted(),
      networkInitialized(),
      failed,
      cleaned(),
    ]);
    expect(state.State).toEqual({
      Status: 'created',
      Running: false,
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: 0,
      ExitCode: 127,
      Error: RUNC.missingBinary,
      StartedAt: ZERO_TIME,
      FinishedAt: ZERO_TIME,
    });
  });

  it('paused → Status paused, Running still true', () => {
    expect(evolveAll([...running(), containerEvent('Paused', {})]).State).toMatchObject({
      Status: 'paused',
      Running: true,
      Paused: true,
    });
  });

  it('restart scheduled → Status restarting, Running true, Pid 0, RestartCount counted', () => {
    const state = evolveAll([
      ...running({ restartPolicy: { name: 'always' } }),
      exited(1),
      containerEvent('RestartScheduled', { restartCount: 1, delayMs: 100, dueAt: FINISHED_AT }),
    ]);
    expect(state.State).toMatchObject({
      Status: 'restarting',
      Running: true,
      Restarting: true,
      Pid: 0,
      ExitCode: 1,
    });
    expect(state.RestartCount).toBe(1);
    expect(state.restartManager.scheduled).toEqual({ restartCount: 1, delayMs: 100, dueAt: FINISHED_AT });
  });

  it('a start clears the previous Error and ExitCode', () => {
    const failed = containerEvent('StartFailed', {
      startId: 's1',
      stage: 'mount',
      error: 'boom',
      exitCode: 128,
    });
    const state = evolveAll([
      created(),
      startRequested('s1'),
      failed,
      cleaned('s1'),
      startRequested('s2'),
      mountCompleted('s2'),
      networkInitialized('s2'),
      containerEvent('ContainerStarted', { startId: 's2', pid: 7, startedAt: STARTED_AT }),
    ]);
    expect(state.State).toMatchObject({ Status: 'running', Error: '', ExitCode: 0, Pid: 7 });
  });

  it('removal requested on a stopped container → removing; removed → gone', () => {
    const removal = containerEvent('RemovalRequested', { force: false, removeVolumes: true });
    expect(evolveAll([created(), removal]).State.Status).toBe('removing');
    const removed = evolveAll([
      created(),
      removal,
      containerEvent('ContainerRemoved', { force: false, removeVolumes: true }),
    ]);
    expect(removed).toMatchObject({ exists: false, removed: true, id: ID, name: '/web' });
  });

  it('a saga event of another start changes nothing', () => {
    const state = evolveAll([created(), startRequested('s2')]);
    expect(evolve(state, mountCompleted('s1'))).toBe(state);
  });

  it('the initial state does not exist', () => {
    expect(initialState.exists).toBe(false);
  });
});
