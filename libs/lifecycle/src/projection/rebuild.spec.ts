import type { ContainerState } from '@berth/domain';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LifecycleHarness, startLifecycle } from '../testing/lifecycle-harness';
import { READ_MODEL } from './read-model.provider';
import { ReadModelStore } from './read-model.store';
import { rebuildReadModel } from './rebuild';
import { stateAt } from './state-at';

const USER = { actor: 'tester', source: 'test' };

describe('container read model', () => {
  let h: LifecycleHarness;
  beforeEach(async () => {
    h = await startLifecycle();
  });
  afterEach(async () => {
    await h.close();
  });

  it('rebuilt from zero equals the incrementally built model', async () => {
    const exit3 = await h.service.create(
      { name: 'aa', config: { image: 'host', cmd: ['/bin/sh', '-c', 'exit 3'] } },
      USER,
    );
    await h.service.start(exit3.id, USER);
    await h.service.wait(exit3.id, 'not-running');
    const failed = await h.service.create(
      { name: 'bb', config: { image: 'host', cmd: ['/bin/nope'] } },
      USER,
    );
    await h.service.start(failed.id, USER).catch(() => undefined);
    const removed = await h.service.create(
      { name: 'cc', config: { image: 'host', cmd: ['/bin/true'] } },
      USER,
    );
    await h.service.remove(removed.id, USER);
    await h.service.create({ name: 'dd', config: { image: 'host', cmd: ['/bin/true'] } }, USER);
    await h.eventually(exit3.id, 'CleanupCompleted');
    const live = h.app.get<ReadModelStore<ContainerState>>(READ_MODEL);
    await live.waitFor(await h.store.headPosition(), 5000);

    const rebuilt = new ReadModelStore<ContainerState>(join(h.dataDir, 'rebuilt.db'));
    const progress: number[] = [];
    const result = await rebuildReadModel(h.store, rebuilt, (p) => progress.push(p.applied), 5);
    expect(progress.length).toBeGreaterThan(1);
    expect(result.applied).toBe(progress.at(-1));
    const strip = (rows: { id: string; name: string; state: ContainerState }[]) =>
      rows.map(({ id, name, state }) => ({ id, name, state }));
    expect(strip(rebuilt.list())).toEqual(strip(live.list()));
    expect(
      rebuilt
        .list()
        .map((r) => r.name)
        .sort(),
    ).toEqual(['/aa', '/bb', '/dd']);
    rebuilt.close();
  });

  it('answers the state at a revision and at a time by replaying the stream', async () => {
    const { id } = await h.service.create(
      { name: 'history', config: { image: 'host', cmd: ['/bin/sh', '-c', 'exit 3'] } },
      USER,
    );
    await h.service.start(id, USER);
    await h.eventually(id, 'CleanupCompleted');
    const events = await h.events(id);
    expect((await stateAt(h.store, id, { revision: 0 })).state.State.Status).toBe('created');
    const started = events.find((e) => e.type === 'ContainerStarted')!;
    expect((await stateAt(h.store, id, { revision: started.revision })).state.State).toMatchObject({
      Status: 'running',
      Running: true,
    });
    expect((await stateAt(h.store, id, { time: events.at(-1)!.recordedAt })).state.State).toMatchObject({
      Status: 'exited',
      ExitCode: 3,
    });
    expect((await stateAt(h.store, id, { time: '2000-01-01T00:00:00Z' })).state.exists).toBe(false);
  });
});
