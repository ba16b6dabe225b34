/** Stop, kill, pause, unpause, remove: dockerd's checks and texts. */
import { describe, expect, it } from 'vitest';
import type { ContainerCommand } from '../commands/container-command';
import { containerEvent } from '../events/event-types';
import { created, exited, ID, running, startRequested } from '../testing/fixtures';
import { given } from '../testing/decider-spec';

const stop = (data: { timeoutSeconds?: number; signal?: string } = {}): ContainerCommand => ({
  type: 'StopContainer',
  data: { container: 'web', ...data },
});
const kill = (signal?: string): ContainerCommand => ({
  type: 'KillContainer',
  data: { container: 'web', signal },
});
const pause: ContainerCommand = { type: 'PauseContainer', data: { container: 'web' } };
const unpause: ContainerCommand = { type: 'UnpauseContainer', data: { container: 'web' } };
const remove = (force = false, removeVolumes = false): ContainerCommand => ({
  type: 'RemoveContainer',
  data: { container: 'web', force, removeVolumes },
});

const paused = containerEvent('Paused', {});
const cleaned = containerEvent('CleanupCompleted', { startId: 's1', steps: ['cancel-attach'], warnings: [] });
const scheduled = containerEvent('RestartScheduled', {
  restartCount: 1,
  delayMs: 100,
  dueAt: '2024-05-01T10:00:03.223Z',
});
const always = running({ restartPolicy: { name: 'always' } });

describe('every user command on a missing container → "No such container: <ref>"', () => {
  for (const command of [stop(), kill(), pause, unpause, remove()]) {
    it(command.type, () => {
      given([]).when(command).then({ kind: 'not_found', message: 'No such container: web' });
    });
  }
});

describe('StopContainer', () => {
  it('running → StopRequested with SIGTERM and 10 s by default', () => {
    const state = given(running())
      .when(stop())
      .then([containerEvent('StopRequested', { signal: 15, timeoutSeconds: 10 })]);
    expect(state.restartManager.hasBeenManuallyStopped).toBe(true);
  });

  it('the given signal and timeout', () => {
    given(running())
      .when(stop({ signal: 'SIGINT', timeoutSeconds: 1 }))
      .then([containerEvent('StopRequested', { signal: 2, timeoutSeconds: 1 })]);
  });

  it('an unknown signal → "Invalid signal: X"', () => {
    given(running())
      .when(stop({ signal: 'SIGNOPE' }))
      .then({ kind: 'invalid_parameter', message: 'Invalid signal: SIGNOPE' });
  });

  it('not running → not modified (304)', () => {
    given([created()]).when(stop()).then({ kind: 'not_modified', message: 'container already stopped' });
  });

  it('restarting → StopRequested and the scheduled restart is cancelled; the container ends exited', () => {
    const state = given([...always, exited(1), scheduled, cleaned])
      .when(stop())
      .then([
        containerEvent('StopRequested', { signal: 15, timeoutSeconds: 10 }),
        containerEvent('RestartCancelled', { reason: 'stop', manuallyStopped: true }),
      ]);
    expect(state.State).toMatchObject({ Status: 'exited', Running: false, Restarting: false, ExitCode: 1 });
  });
});

describe('KillContainer', () => {
  it('running → Killed with SIGKILL by default', () => {
    const state = given(running())
      .when(kill())
      .then([containerEvent('Killed', { signal: 9 })]);
    expect(state.restartManager.hasBeenManuallyStopped).toBe(true);
  });

  it('the given signal', () => {
    given(running())
      .when(kill('HUP'))
      .then([containerEvent('Killed', { signal: 1 })]);
  });

  it('not running → conflict "Container <id> is not running"', () => {
    given([created()])
      .when(kill())
      .then({ kind: 'conflict', message: `Container ${ID} is not running` });
  });

  it('a paused container can be killed', () => {
    given([...running(), paused])
      .when(kill())
      .then([containerEvent('Killed', { signal: 9 })]);
  });

  it('restarting → only the restart is cancelled (there is no process to signal)', () => {
    const state = given([...always, exited(1), scheduled])
      .when(kill())
      .then([containerEvent('RestartCancelled', { reason: 'kill', manuallyStopped: true })]);
    expect(state.restartManager.hasBeenManuallyStopped).toBe(true);
    expect(state.State.Status).toBe('exited');
  });

  it('while a start is in flight → conflict (busy)', () => {
    given([...always, exited(1), scheduled, cleaned, startRequested('r1', false)])
      .when(kill())
      .then({
        kind: 'conflict',
        message: `container ${ID} is being started: try again when the start has finished`,
      });
  });
});

describe('PauseContainer / UnpauseContainer', () => {
  it('running → Paused; Status paused and Running still true', () => {
    const state = given(running()).when(pause).then([paused]);
    expect(state.State).toMatchObject({ Status: 'paused', Running: true, Paused: true });
  });

  it('not running → conflict "Container <id> is not running"', () => {
    given([created()])
      .when(pause)
      .then({ kind: 'conflict', message: `Container ${ID} is not running` });
  });

  it('already paused → conflict "Container <id> is already paused"', () => {
    given([...running(), paused])
      .when(pause)
      .then({ kind: 'conflict', message: `Container ${ID} is already paused` });
  });

  it('restarting → conflict', () => {
    given([...always, exited(1), scheduled])
      .when(pause)
      .then({
        kind: 'conflict',
        message: `Container ${ID} is restarting, wait until the container is running`,
      });
  });

  it('unpause of a paused container → Unpaused; running again', () => {
    const state = given([...running(), paused])
      .when(unpause)
      .then([containerEvent('Unpaused', {})]);
    expect(state.State).toMatchObject({ Status: 'running', Running: true, Paused: false });
  });

  it('unpause of a container that is not paused → system error (500) "Container <id> is not paused"', () => {
    given(running())
      .when(unpause)
      .then({ kind: 'system', message: `Container ${ID} is not paused` });
  });
});

describe('RemoveContainer', () => {
  it('a stopped container → RemovalRequested; Status removing', () => {
    const state = given([created()])
      .when(remove(false, true))
      .then([containerEvent('RemovalRequested', { force: false, removeVolumes: true })]);
    expect(state.State.Status).toBe('removing');
    expect(state.removalInProgress).toBe(true);
  });

  it("running without force → dockerd 20.10's conflict", () => {
    given(running())
      .when(remove())
      .then({
        kind: 'conflict',
        message: `You cannot remove a running container ${ID}. Stop the container before attempting removal or force remove`,
      });
  });

  it('paused without force → the unpause variant', () => {
    given([...running(), paused])
      .when(remove())
      .then({
        kind: 'conflict',
        message: `You cannot remove a paused container ${ID}. Unpause and then stop the container before attempting removal or force remove`,
      });
  });

  it('running with force → RemovalRequested then Killed (SIGKILL)', () => {
    given(running())
      .when(remove(true))
      .then([
        containerEvent('RemovalRequested', { force: true, removeVolumes: false }),
        containerEvent('Killed', { signal: 9 }),
      ]);
  });

  it('restarting with force → RemovalRequested and the restart cancelled', () => {
    const state = given([...always, exited(1), scheduled, cleaned])
      .when(remove(true))
      .then([
        containerEvent('RemovalRequested', { force: true, removeVolumes: false }),
        containerEvent('RestartCancelled', { reason: 'remove', manuallyStopped: true }),
      ]);
    expect(state.State.Status).toBe('removing');
  });

  it('removal already in progress → conflict naming the reference', () => {
    given([created(), containerEvent('RemovalRequested', { force: false, removeVolumes: false })])
      .when(remove())
      .then({ kind: 'conflict', message: 'removal of container web is already in progress' });
  });

  it('during a start → conflict (busy)', () => {
    given([created(), startRequested('s1')])
      .when(remove(true))
      .then({
        kind: 'conflict',
        message: `container ${ID} is being started: try again when the start has finished`,
      });
  });
});
