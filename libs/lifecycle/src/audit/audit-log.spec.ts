import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LifecycleHarness, startLifecycle } from '../testing/lifecycle-harness';
import { AUDIT_STREAM, type CommandAudited } from './audit-log';

describe('command audit stream', () => {
  let h: LifecycleHarness;
  beforeEach(async () => {
    h = await startLifecycle();
  });
  afterEach(async () => {
    await h.close();
  });

  it('records accepted and rejected commands with actor, source, outcome and error class', async () => {
    const { id } = await h.service.create(
      { name: 'audited', config: { image: 'host', cmd: ['/bin/sleep', '5'] } },
      { actor: 'alice', source: 'cli' },
    );
    await h.service.start(id, { actor: 'alice', source: 'cli' });
    await h.service.start(id, { actor: 'bob', source: 'docker-api' }).catch(() => undefined);
    await h.service.pause(id, { actor: 'bob', source: 'docker-api' });
    await h.service.start(id, { actor: 'carol', source: 'grpc' }).catch(() => undefined);
    await h.service.unpause(id, { actor: 'carol', source: 'grpc' });
    await h.service.kill(id, { actor: 'carol', source: 'grpc' });

    const audit = (await h.store.readStream(AUDIT_STREAM)).map((e) => e.data as CommandAudited);
    expect(audit.map((a) => [a.command, a.actor, a.source, a.outcome, a.errorKind ?? ''])).toEqual([
      ['CreateContainer', 'alice', 'cli', 'accepted', ''],
      ['StartContainer', 'alice', 'cli', 'accepted', ''],
      ['StartContainer', 'bob', 'docker-api', 'not_modified', 'not_modified'],
      ['PauseContainer', 'bob', 'docker-api', 'accepted', ''],
      ['StartContainer', 'carol', 'grpc', 'rejected', 'conflict'],
      ['UnpauseContainer', 'carol', 'grpc', 'accepted', ''],
      ['KillContainer', 'carol', 'grpc', 'accepted', ''],
    ]);
    expect(audit[4]).toMatchObject({
      container: id,
      error: 'cannot start a paused container, try unpause instead',
    });
  });

  it('a repeated command id returns the first outcome and appends nothing new', async () => {
    const ctx = { actor: 'alice', source: 'grpc', commandId: 'create-once' };
    const first = await h.service.create(
      { name: 'once', config: { image: 'host', cmd: ['/bin/true'] } },
      ctx,
    );
    const head = await h.store.headPosition();
    const { id: startedId } = first;
    const startCtx = { actor: 'alice', source: 'grpc', commandId: 'start-once' };
    await h.service.start(startedId, startCtx);
    const afterStart = (await h.types(startedId)).filter((t) => t === 'StartRequested').length;
    await h.service.start(startedId, startCtx);
    expect((await h.types(startedId)).filter((t) => t === 'StartRequested')).toHaveLength(afterStart);
    expect(head).toBeGreaterThan(0);
  });
});
