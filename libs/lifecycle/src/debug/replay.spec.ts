import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LifecycleHarness, startLifecycle } from '../testing/lifecycle-harness';
import { containerHistory } from './history';
import { replayContainer } from './replay';
import { failedAutoRemoved } from './testing/histories';

describe('replay and history of a container', () => {
  let h: LifecycleHarness;
  beforeAll(async () => {
    h = await startLifecycle();
  });
  afterAll(async () => {
    await h.close();
  });

  it('steps through each event with the state change it caused, up to a revision or a time', async () => {
    const id = await failedAutoRemoved(h);
    const events = await h.events(id);
    const all = replayContainer(events);
    expect(all.revision).toBe(events.length - 1);
    expect(all.state.removed).toBe(true);
    const failed = all.steps.find((s) => s.event.type === 'StartFailed')!;
    expect(failed.changes).toEqual(
      expect.arrayContaining([
        { path: 'State.ExitCode', before: 0, after: 127 },
        {
          path: 'State.Error',
          before: '',
          after: 'exec: "/bin/nope": stat /bin/nope: no such file or directory',
        },
        { path: 'currentStart.progress', before: 'network-initialized', after: 'failed' },
      ]),
    );
    const created = all.steps[0]!;
    expect(created.changes.map((c) => c.path)).toContain('exists');
    const toFailed = replayContainer(events, { revision: failed.event.revision });
    expect(toFailed.state.State).toMatchObject({ Status: 'created', ExitCode: 127 });
    expect(toFailed.steps).toHaveLength(failed.event.revision + 1);
    expect(replayContainer(events, { time: '2000-01-01T00:00:00Z' }).revision).toBe(-1);
    expect(() => replayContainer(events, { time: 'yesterday-ish' })).toThrow('invalid point in time');
  });

  it('summarises each event and the time since the previous one', async () => {
    const id = await failedAutoRemoved(h, 'gone2');
    const entries = containerHistory(await h.events(id));
    expect(entries[0]!.deltaMs).toBe(0);
    expect(entries.every((e) => e.deltaMs >= 0)).toBe(true);
    expect(entries.map((e) => [e.event.type, e.summary])).toEqual(
      expect.arrayContaining([
        ['ContainerCreated', 'name /gone2, image host, cmd ["/bin/nope"], --rm'],
        [
          'StartFailed',
          'at runtime create: exec: "/bin/nope": stat /bin/nope: no such file or directory (exit 127)',
        ],
        ['CleanupCompleted', 'released network, unmounted rootfs, released volumes, cancelled attach'],
        ['RemovalRequested', 'force, volumes'],
      ]),
    );
  });
});
