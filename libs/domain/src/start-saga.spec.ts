/** The start saga as data: what the lifecycle does next, and the compensation plan. */
import { describe, expect, it } from 'vitest';
import type { ContainerEvent } from './events/container-events';
import { containerEvent } from './events/event-types';
import { evolveAll } from './evolve';
import { cleanupPlan, nextStartStep } from './start-saga';
import {
  created,
  exited,
  mountCompleted,
  networkInitialized,
  running,
  startRequested,
} from './testing/fixtures';

const next = (events: ContainerEvent[]) => nextStartStep(evolveAll(events));
const plan = (events: ContainerEvent[]) => cleanupPlan(evolveAll(events));
const failedAt = (stage: 'mount' | 'network' | 'spec' | 'create' | 'start') =>
  containerEvent('StartFailed', { startId: 's1', stage, error: 'x', exitCode: 128 });
const cleaned = containerEvent('CleanupCompleted', { startId: 's1', steps: ['cancel-attach'], warnings: [] });
const secret = containerEvent('MountCompleted', {
  startId: 's1',
  baseFs: '/rootfs',
  mounts: [
    { kind: 'secret', source: '/secrets/a', destination: '/run/secrets/a', readOnly: true, options: [] },
  ],
});

describe('nextStartStep', () => {
  it('no start → none', () => {
    expect(next([])).toEqual({ kind: 'none' });
    expect(next([created()])).toEqual({ kind: 'none' });
  });

  it('StartRequested → mount', () => {
    expect(next([created(), startRequested('s1')])).toEqual({ kind: 'mount', startId: 's1' });
  });

  it("MountCompleted → network, with the container's network mode", () => {
    expect(next([created({ networkMode: 'none' }), startRequested('s1'), mountCompleted('s1')])).toEqual({
      kind: 'network',
      startId: 's1',
      networkMode: 'none',
    });
  });

  it('NetworkInitialized → runtime, with checkpoint and restart-manager flag', () => {
    expect(
      next([created(), startRequested('s1', false), mountCompleted('s1'), networkInitialized('s1')]),
    ).toEqual({
      kind: 'runtime',
      startId: 's1',
      checkpoint: '',
      checkpointDir: '',
      resetRestartManager: false,
    });
  });

  it('ContainerStarted → none (running)', () => {
    expect(next(running())).toEqual({ kind: 'none' });
  });

  it('StartFailed → cleanup of what was acquired', () => {
    expect(
      next([
        created(),
        startRequested('s1'),
        mountCompleted('s1'),
        networkInitialized('s1'),
        failedAt('create'),
      ]),
    ).toEqual({
      kind: 'cleanup',
      startId: 's1',
      reason: 'start-failed',
      steps: ['release-network', 'unmount-ipc', 'unmount-rootfs', 'unmount-volumes', 'cancel-attach'],
    });
  });

  it('ContainerExited → cleanup (exit), with the exec registrations', () => {
    expect(next([...running(), exited(0)])).toEqual({
      kind: 'cleanup',
      startId: 's1',
      reason: 'exited',
      steps: [
        'release-network',
        'unmount-ipc',
        'unmount-rootfs',
        'unregister-execs',
        'unmount-volumes',
        'cancel-attach',
      ],
    });
  });

  it('CleanupCompleted → none; with AutoRemove → remove (force, volumes)', () => {
    expect(next([created(), startRequested('s1'), failedAt('mount'), cleaned])).toEqual({ kind: 'none' });
    expect(next([created({ autoRemove: true }), startRequested('s1'), failedAt('mount'), cleaned])).toEqual({
      kind: 'remove',
      startId: 's1',
      force: true,
      removeVolumes: true,
    });
  });

  it('AutoRemove after the removal was requested → none', () => {
    const removal = containerEvent('RemovalRequested', { force: true, removeVolumes: true });
    expect(
      next([created({ autoRemove: true }), startRequested('s1'), failedAt('mount'), cleaned, removal]),
    ).toEqual({ kind: 'none' });
  });
});

describe("cleanupPlan (the seed's Cleanup order, only what was acquired)", () => {
  it('nothing pending → []', () => {
    expect(plan([created()])).toEqual([]);
    expect(plan(running())).toEqual([]);
  });

  it('a failed mount: the rootfs fallback unmount and the attach context', () => {
    expect(plan([created(), startRequested('s1'), failedAt('mount')])).toEqual([
      'unmount-rootfs',
      'cancel-attach',
    ]);
  });

  it('a failed network step after the mount: network release included', () => {
    expect(plan([created(), startRequested('s1'), mountCompleted('s1'), failedAt('network')])).toEqual([
      'release-network',
      'unmount-ipc',
      'unmount-rootfs',
      'unmount-volumes',
      'cancel-attach',
    ]);
  });

  it('secrets are unmounted after the rootfs, volumes only when the base fs is mounted', () => {
    expect(plan([created(), startRequested('s1'), secret, failedAt('network')])).toEqual([
      'release-network',
      'unmount-rootfs',
      'unmount-secrets',
      'unmount-volumes',
      'cancel-attach',
    ]);
    const noBaseFs = containerEvent('MountCompleted', { startId: 's1', baseFs: '', mounts: [] });
    expect(plan([created(), startRequested('s1'), noBaseFs, failedAt('spec')])).toEqual([
      'unmount-rootfs',
      'cancel-attach',
    ]);
  });
});
