import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LifecycleHarness, startLifecycle } from '../testing/lifecycle-harness';
import { queryAudit } from './audit-query';

describe('the command audit, queried', () => {
  let h: LifecycleHarness;
  let id: string;
  beforeAll(async () => {
    h = await startLifecycle();
    ({ id } = await h.service.create(
      { name: 'audited', config: { image: 'host', cmd: ['/bin/sleep', '30'] } },
      { actor: 'alice', source: 'grpc' },
    ));
    await h.service.start(id, { actor: 'bob', source: 'cli' });
    await h.service.start(id, { actor: 'bob', source: 'cli' }).catch(() => undefined); // not modified
    await h.service.remove(id, { actor: 'carol', source: 'grpc' }).catch(() => undefined); // conflict: running
    await h.service.remove(id, { actor: 'alice', source: 'grpc' }, { force: true });
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers who tried what and why it was refused', async () => {
    const all = await queryAudit(h.store);
    expect(all.map((r) => [r.command, r.actor, r.outcome])).toEqual([
      ['CreateContainer', 'alice', 'accepted'],
      ['StartContainer', 'bob', 'accepted'],
      ['StartContainer', 'bob', 'not_modified'],
      ['RemoveContainer', 'carol', 'rejected'],
      ['RemoveContainer', 'alice', 'accepted'],
    ]);
    const rejected = await queryAudit(h.store, { outcome: 'rejected' });
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ actor: 'carol', errorKind: 'conflict', container: id });
    expect(rejected[0]!.error).toContain('You cannot remove a running container');
    expect((await queryAudit(h.store, { actor: 'bob' })).map((r) => r.outcome)).toEqual([
      'accepted',
      'not_modified',
    ]);
    expect((await queryAudit(h.store, { limit: 2 })).map((r) => r.actor)).toEqual(['carol', 'alice']);
    expect(await queryAudit(h.store, { since: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    expect(await queryAudit(h.store, { containers: ['nope'] })).toEqual([]);
  });
});
