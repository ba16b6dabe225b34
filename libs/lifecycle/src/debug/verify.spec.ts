import { type ContainerCommand, type ContainerState, decide, type DecideContext } from '@berth/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LifecycleHarness, startLifecycle } from '../testing/lifecycle-harness';
import { failedAutoRemoved, restartedTwice, USER } from './testing/histories';
import { verifyStore } from './verify';

describe('verify re-decides every recorded command', () => {
  let h: LifecycleHarness;
  let failed: string;
  beforeAll(async () => {
    h = await startLifecycle();
    failed = await failedAutoRemoved(h);
    await restartedTwice(h);
    const { id } = await h.service.create(
      { name: 'sleeper', config: { image: 'host', cmd: ['/bin/sleep', '30'] } },
      USER,
    );
    await h.service.start(id, USER);
    await h.service.stop(id, USER, { timeoutSeconds: 1 });
    await h.eventually(id, 'CleanupCompleted');
  });
  afterAll(async () => {
    await h.close();
  });

  it('given a fresh history, reports zero divergences and covers every event', async () => {
    const report = await verifyStore(h.store);
    expect(report.containers).toBe(3);
    expect(report.divergences).toEqual([]);
    expect(report.commands).toBeGreaterThan(20);
    expect(report.uncheckedEvents).toBe(0);
  });

  it('given a decider whose exit-code rule changed (127 → 126), reports exactly that one decision', async () => {
    const changed = (command: ContainerCommand, state: ContainerState, context: DecideContext) =>
      decide(command, state, context).map((event) =>
        event.type === 'StartFailed' && event.data.exitCode === 127
          ? { ...event, data: { ...event.data, exitCode: 126 } }
          : event,
      );
    const report = await verifyStore(h.store, undefined, { decider: changed });
    expect(report.divergences).toHaveLength(1);
    expect(report.divergences[0]).toMatchObject({
      containerId: failed,
      command: 'RecordStartFailed',
      reason: 'StartFailed differs: exitCode: recorded 127, now 126',
    });
  });

  it('given a decider that now refuses a command, reports it as refused', async () => {
    const strict = (command: ContainerCommand, state: ContainerState, context: DecideContext) => {
      if (command.type === 'StopContainer') throw new Error('stop is no longer allowed');
      return decide(command, state, context);
    };
    const report = await verifyStore(h.store, undefined, { decider: strict });
    expect(report.divergences.map((d) => [d.command, d.reason])).toEqual([
      ['StopContainer', 'now refused (stop is no longer allowed)'],
    ]);
  });
});
