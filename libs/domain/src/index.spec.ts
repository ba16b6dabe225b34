/** The package surface the lifecycle builds on loads through the index and works end to end. */
import { describe, expect, it } from 'vitest';
import * as domain from './index';

describe('@berth/domain', () => {
  it('decides and evolves through the public API', () => {
    const id = 'c'.repeat(64);
    const context: domain.DecideContext = { experimental: false, platform: 'linux' };
    let state = domain.initialState;
    const apply = (command: domain.ContainerCommand): domain.ContainerEvent[] => {
      const events = domain.decide(command, state, context);
      state = domain.evolveAll(events, state);
      return events;
    };
    apply({
      type: 'CreateContainer',
      data: {
        id,
        name: 'job',
        config: { image: 'busybox', cmd: ['/bin/nope'] },
        hostConfig: { autoRemove: true },
        createdAt: '2024-01-01T00:00:00Z',
      },
    });
    apply({
      type: 'StartContainer',
      data: { container: 'job', startId: 'x1', requestedAt: '2024-01-01T00:00:01Z' },
    });
    expect(domain.nextStartStep(state)).toEqual({ kind: 'mount', startId: 'x1' });
    apply({ type: 'RecordMountCompleted', data: { startId: 'x1', baseFs: '/r', mounts: [] } });
    apply({
      type: 'RecordNetworkInitialized',
      data: { startId: 'x1', mode: 'none', sandboxKey: '/n', endpoints: [] },
    });
    const [failed] = apply({
      type: 'RecordStartFailed',
      data: {
        startId: 'x1',
        stage: 'create',
        error: 'exec: "/bin/nope": stat /bin/nope: no such file or directory',
      },
    });
    expect(failed).toMatchObject({ type: 'StartFailed', data: { exitCode: 127 } });
    const step = domain.nextStartStep(state);
    expect(step).toEqual({
      kind: 'cleanup',
      startId: 'x1',
      reason: 'start-failed',
      steps: domain.cleanupPlan(state),
    });
    apply({
      type: 'RecordCleanupCompleted',
      data: { startId: 'x1', steps: domain.cleanupPlan(state), warnings: [] },
    });
    expect(domain.nextStartStep(state)).toMatchObject({ kind: 'remove', force: true, removeVolumes: true });
    apply({ type: 'RemoveContainer', data: { container: id, force: true, removeVolumes: true } });
    apply({ type: 'RecordContainerRemoved', data: {} });
    expect(state.exists).toBe(false);
    expect(() =>
      apply({
        type: 'StartContainer',
        data: { container: 'job', startId: 'x2', requestedAt: '2024-01-01T00:00:02Z' },
      }),
    ).toThrow(domain.DomainError);
    expect(domain.httpStatusOf('not_modified')).toBe(304);
    expect(domain.containerStream(id)).toBe(`container-${id}`);
  });
});
