/** Exits and the restart manager (dockerd's rules). */
import { describe, expect, it } from 'vitest';
import type { ContainerCommand } from '../commands/container-command';
import type { HostConfigInput } from '../config/host-config';
import type { ContainerEvent } from '../events/container-events';
import { containerEvent } from '../events/event-types';
import { evolveAll } from '../evolve';
import {
  containerStarted,
  exited,
  FINISHED_AT,
  mountCompleted,
  networkInitialized,
  running,
  T0,
} from '../testing/fixtures';
import { given } from '../testing/decider-spec';
import { decide } from '../decide';
import { LINUX } from '../commands/container-command';

const exit = (exitCode: number, finishedAt = FINISHED_AT, pid = 4242): ContainerCommand => ({
  type: 'RecordContainerExited',
  data: { exitCode, oomKilled: false, finishedAt, pid },
});
const scheduled = (restartCount: number, delayMs: number, dueAt: string) =>
  containerEvent('RestartScheduled', { restartCount, delayMs, dueAt });

describe('RecordContainerExited', () => {
  it('no restart policy → ContainerExited; exited with the code', () => {
    const state = given(running())
      .when(exit(3))
      .then([exited(3)]);
    expect(state.State).toMatchObject({
      Status: 'exited',
      Running: false,
      ExitCode: 3,
      Pid: 0,
      FinishedAt: FINISHED_AT,
    });
  });

  it('an OOM kill is shown', () => {
    const state = given(running())
      .when({
        type: 'RecordContainerExited',
        data: { exitCode: 137, oomKilled: true, finishedAt: FINISHED_AT },
      })
      .then([containerEvent('ContainerExited', { exitCode: 137, oomKilled: true, finishedAt: FINISHED_AT })]);
    expect(state.State).toMatchObject({ OOMKilled: true, ExitCode: 137 });
  });

  it('on-failure → ContainerExited and RestartScheduled (count 1, 100 ms after the exit); status restarting', () => {
    const state = given(running({ restartPolicy: { name: 'on-failure', maximumRetryCount: 2 } }))
      .when(exit(1))
      .then([exited(1), scheduled(1, 100, '2024-05-01T10:00:03.223Z')]);
    expect(state.State).toMatchObject({
      Status: 'restarting',
      Running: true,
      Restarting: true,
      Pid: 0,
      ExitCode: 1,
    });
    expect(state.RestartCount).toBe(1);
  });

  it('on-failure with exit 0 → no restart', () => {
    given(running({ restartPolicy: { name: 'on-failure' } }))
      .when(exit(0))
      .then([exited(0)]);
  });

  it('after a user stop or kill → no restart, even with "always"', () => {
    const always = running({ restartPolicy: { name: 'always' } });
    given([...always, containerEvent('StopRequested', { signal: 15, timeoutSeconds: 10 })])
      .when(exit(137))
      .then([exited(137)]);
    given([...always, containerEvent('Killed', { signal: 9 })])
      .when(exit(137))
      .then([exited(137)]);
  });

  it('during a removal → no restart', () => {
    given([
      ...running({ restartPolicy: { name: 'always' } }),
      containerEvent('RemovalRequested', { force: true, removeVolumes: false }),
    ])
      .when(exit(137))
      .then([exited(137)]);
  });
});

/** Drives a container through its policy restarts the way the lifecycle would. */
const runUntilStopped = (
  host: HostConfigInput,
  exitCode: number,
  ranForMs: number,
  rounds: number,
): ContainerEvent[] => {
  const events: ContainerEvent[] = [...running(host)];
  let startedAt = Date.parse('2024-05-01T10:00:02Z');
  for (let i = 0; i < rounds; i += 1) {
    const state = evolveAll(events);
    const finishedAt = new Date(startedAt + ranForMs).toISOString();
    const decided = decide(exit(exitCode, finishedAt, state.State.Pid), state, LINUX);
    events.push(...decided);
    const startId = state.currentStart?.startId ?? '';
    events.push(containerEvent('CleanupCompleted', { startId, steps: ['cancel-attach'], warnings: [] }));
    if (decided.length === 1) break;
    const restartId = `r${i + 1}`;
    events.push(
      ...decide(
        {
          type: 'StartContainer',
          data: { container: 'web', startId: restartId, resetRestartManager: false, requestedAt: T0 },
        },
        evolveAll(events),
        LINUX,
      ),
    );
    startedAt = Date.parse(finishedAt) + 1000;
    events.push(
      mountCompleted(restartId),
      networkInitialized(restartId),
      containerStarted(restartId, 5000 + i, new Date(startedAt).toISOString()),
    );
  }
  return events;
};

describe('the restart manager over several exits', () => {
  it('--restart on-failure:2 and exit 1 → RestartCount 2, exited, ExitCode 1 (as dockerd shows)', () => {
    const state = evolveAll(
      runUntilStopped({ restartPolicy: { name: 'on-failure', maximumRetryCount: 2 } }, 1, 50, 10),
    );
    expect(state.RestartCount).toBe(2);
    expect(state.State).toMatchObject({ Status: 'exited', Running: false, Restarting: false, ExitCode: 1 });
  });

  it('the backoff doubles while runs are short', () => {
    const events = runUntilStopped({ restartPolicy: { name: 'always' } }, 0, 50, 4);
    const delays = events.flatMap((e) => (e.type === 'RestartScheduled' ? [e.data.delayMs] : []));
    expect(delays).toEqual([100, 200, 400, 800]);
  });

  it('a run of 10 s or more resets the backoff', () => {
    const events = runUntilStopped({ restartPolicy: { name: 'always' } }, 0, 10_000, 3);
    const delays = events.flatMap((e) => (e.type === 'RestartScheduled' ? [e.data.delayMs] : []));
    expect(delays).toEqual([100, 100, 100]);
  });

  it('a restart-manager start keeps RestartCount; a user start resets it', () => {
    const events = runUntilStopped(
      { restartPolicy: { name: 'on-failure', maximumRetryCount: 2 } },
      1,
      50,
      10,
    );
    const state = evolveAll(events);
    const decided = decide(
      { type: 'StartContainer', data: { container: 'web', startId: 'u1', requestedAt: T0 } },
      state,
      LINUX,
    );
    expect(evolveAll(decided, state).RestartCount).toBe(0);
  });

  it('a failed restart-manager start leaves the container exited with its last exit code and the error', () => {
    const base = [
      ...running({ restartPolicy: { name: 'always' } }),
      exited(2),
      scheduled(1, 100, T0),
      containerEvent('CleanupCompleted', { startId: 's1', steps: ['cancel-attach'], warnings: [] }),
      containerEvent('StartRequested', {
        startId: 'r1',
        checkpoint: '',
        checkpointDir: '',
        resetRestartManager: false,
        requestedAt: T0,
      }),
    ];
    const state = given(base)
      .when({
        type: 'RecordStartFailed',
        data: { startId: 'r1', stage: 'mount', error: 'no space left on device' },
      })
      .then([
        containerEvent('StartFailed', {
          startId: 'r1',
          stage: 'mount',
          error: 'no space left on device',
          exitCode: 2,
        }),
      ]);
    expect(state.State).toMatchObject({
      Status: 'exited',
      Running: false,
      Restarting: false,
      ExitCode: 2,
      Error: 'no space left on device',
    });
  });
});

describe('ScheduleRestart / CancelRestart', () => {
  const schedule: ContainerCommand = { type: 'ScheduleRestart', data: { requestedAt: T0 } };
  /** An exit recorded without a restart decision (e.g. found at daemon boot). */
  const exitedOnly = (host: HostConfigInput, ...more: ContainerEvent[]): ContainerEvent[] => [
    ...running(host),
    ...more,
    containerEvent('ContainerExited', { exitCode: 0, oomKilled: false, finishedAt: FINISHED_AT }),
  ];

  it('a stopped unless-stopped container → RestartScheduled, due 100 ms after requestedAt', () => {
    const state = given(exitedOnly({ restartPolicy: { name: 'unless-stopped' } }))
      .when(schedule)
      .then([scheduled(1, 100, '2024-05-01T10:00:01.100Z')]);
    expect(state.State.Status).toBe('restarting');
  });

  it('after a user stop, or for a running or never-started container → nothing', () => {
    given(
      exitedOnly(
        { restartPolicy: { name: 'unless-stopped' } },
        containerEvent('StopRequested', { signal: 15, timeoutSeconds: 10 }),
      ),
    )
      .when(schedule)
      .then([]);
    given(running({ restartPolicy: { name: 'always' } }))
      .when(schedule)
      .then([]);
    given(running({ restartPolicy: { name: 'always' } }).slice(0, 1))
      .when(schedule)
      .then([]);
  });

  it('CancelRestart cancels a scheduled restart, and is a no-op otherwise', () => {
    const restarting = [...running({ restartPolicy: { name: 'always' } }), exited(1), scheduled(1, 100, T0)];
    const state = given(restarting)
      .when({ type: 'CancelRestart', data: { reason: 'daemon shutdown' } })
      .then([containerEvent('RestartCancelled', { reason: 'daemon shutdown', manuallyStopped: false })]);
    expect(state.State).toMatchObject({ Status: 'exited', Restarting: false });
    expect(state.restartManager.hasBeenManuallyStopped).toBe(false);
    given(running())
      .when({ type: 'CancelRestart', data: { reason: 'x' } })
      .then([]);
  });
});
