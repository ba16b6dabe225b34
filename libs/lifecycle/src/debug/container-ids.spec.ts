import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerState } from '@berth/domain';
import { READ_MODEL } from '../projection/read-model.provider';
import type { ReadModelStore } from '../projection/read-model.store';
import { type LifecycleHarness, startLifecycle } from '../testing/lifecycle-harness';
import { listContainerIds, resolveContainerId } from './container-ids';
import { failedAutoRemoved, USER } from './testing/histories';

describe('resolving containers for questions about the log', () => {
  let h: LifecycleHarness;
  let index: { byName(name: string): string | undefined; idsWithPrefix(prefix: string): string[] };
  beforeAll(async () => {
    h = await startLifecycle();
    const model = h.app.get<ReadModelStore<ContainerState>>(READ_MODEL);
    index = { byName: (n) => model.idByName(n), idsWithPrefix: (p) => model.idsWithPrefix(p) };
  });
  afterAll(async () => {
    await h.close();
  });

  it('finds a removed container by full id, by name and by unique id prefix', async () => {
    const removed = await failedAutoRemoved(h, 'ghost');
    expect(await resolveContainerId(h.store, index, removed)).toBe(removed);
    expect(await resolveContainerId(h.store, index, 'ghost')).toBe(removed);
    expect(await resolveContainerId(h.store, index, '/ghost')).toBe(removed);
    expect(await resolveContainerId(h.store, index, removed.slice(0, 10))).toBe(removed);
    expect(await listContainerIds(h.store)).toContain(removed);
  });

  it('prefers the live container when a removed one had the same name, and says No such container otherwise', async () => {
    const { id } = await h.service.create(
      { name: 'ghost', config: { image: 'host', cmd: ['/bin/true'] } },
      USER,
    );
    expect(await resolveContainerId(h.store, index, 'ghost')).toBe(id);
    await expect(resolveContainerId(h.store, index, 'nobody')).rejects.toMatchObject({
      kind: 'not_found',
      message: 'No such container: nobody',
    });
    await expect(resolveContainerId(h.store, index, '')).rejects.toMatchObject({ kind: 'invalid_parameter' });
  });
});
