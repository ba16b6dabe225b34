import type { ContainerState } from '@berth/domain';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_MODEL } from '../projection/read-model.provider';
import { ReadModelStore } from '../projection/read-model.store';
import { type LifecycleHarness, startLifecycle } from '../testing/lifecycle-harness';
import { rebuildAndSwap } from './rebuild-swap';
import { failedAutoRemoved, USER } from './testing/histories';

describe('rebuilding a read model in use', () => {
  let h: LifecycleHarness;
  beforeAll(async () => {
    h = await startLifecycle();
  });
  afterAll(async () => {
    await h.close();
  });

  it('replaces a damaged model with one rebuilt from the log, atomically, and removes the scratch file', async () => {
    await failedAutoRemoved(h);
    await h.service.create({ name: 'kept', config: { image: 'host', cmd: ['/bin/true'] } }, USER);
    const live = h.app.get<ReadModelStore<ContainerState>>(READ_MODEL);
    await live.waitFor(await h.store.headPosition(), 5000);
    const before = live.list().map(({ id, name, state }) => ({ id, name, state }));
    const checkpoint = live.checkpoint();
    live.apply(checkpoint, 'f'.repeat(64), { name: '/bogus', state: before[0]!.state }); // damage
    const scratch = join(h.dataDir, 'scratch.db');
    const progress: number[] = [];
    const result = await rebuildAndSwap(h.store, live, scratch, (p) => progress.push(p.applied));
    expect(result.applied).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(result.applied);
    expect(live.list().map(({ id, name, state }) => ({ id, name, state }))).toEqual(before);
    expect(live.checkpoint()).toBe(result.position);
    expect(existsSync(scratch)).toBe(false);
  });
});
