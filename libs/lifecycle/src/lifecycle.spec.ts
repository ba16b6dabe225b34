import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StartFailedError } from './service/start-failed.error';
import { type LifecycleHarness, startLifecycle } from './testing/lifecycle-harness';

const USER = { actor: 'tester', source: 'test' };

describe('lifecycle on the process runtime (through the application service)', () => {
  let h: LifecycleHarness;
  beforeEach(async () => {
    h = await startLifecycle();
  });
  afterEach(async () => {
    await h.close();
  });

  it("start of sh -c 'exit 3' records the whole saga and the read model shows exited/3", async () => {
    const { id } = await h.service.create(
      { name: 'three', config: { image: 'host', cmd: ['/bin/sh', '-c', 'exit 3'] } },
      USER,
    );
    await h.service.start('three', USER);
    expect(await h.service.wait('three', 'not-running')).toEqual({ statusCode: 3 });
    await h.eventually(id, 'CleanupCompleted');
    expect(await h.types(id)).toEqual([
      'ContainerCreated',
      'StartRequested',
      'MountCompleted',
      'NetworkInitialized',
      'ContainerStarted',
      'ContainerExited',
      'CleanupCompleted',
    ]);
    const state = await h.service.inspect(id);
    expect(state.State).toMatchObject({ Status: 'exited', Running: false, ExitCode: 3, Error: '' });
  });

  it('start of a missing binary fails with 127, is cleaned up and stays created with Error set', async () => {
    const { id } = await h.service.create(
      { name: 'nope', config: { image: 'host', cmd: ['/bin/nope'] } },
      USER,
    );
    const failure = await h.service.start('nope', USER).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StartFailedError);
    expect((failure as StartFailedError).message).toBe(
      'exec: "/bin/nope": stat /bin/nope: no such file or directory',
    );
    expect((failure as StartFailedError).exitCode).toBe(127);
    expect(await h.types(id)).toEqual([
      'ContainerCreated',
      'StartRequested',
      'MountCompleted',
      'NetworkInitialized',
      'StartFailed',
      'CleanupCompleted',
    ]);
    const state = await h.service.inspect('nope');
    expect(state.State).toMatchObject({
      Status: 'created',
      ExitCode: 127,
      Error: 'exec: "/bin/nope": stat /bin/nope: no such file or directory',
    });
  });

  it('with AutoRemove a failed start removes the container and the read model no longer lists it', async () => {
    const { id } = await h.service.create(
      { name: 'gone', config: { image: 'host', cmd: ['/bin/nope'] }, hostConfig: { autoRemove: true } },
      USER,
    );
    await expect(h.service.start(id, USER)).rejects.toThrow(/no such file or directory/);
    await h.eventually(id, 'ContainerRemoved');
    await h.service.wait(id, 'removed').catch(() => undefined);
    const types = await h.types(id);
    expect(types.slice(-3)).toEqual(['CleanupCompleted', 'RemovalRequested', 'ContainerRemoved']);
    await expect(async () => h.service.inspect(id, (await h.events(id)).at(-1)!.position)).rejects.toThrow(
      `No such container: ${id}`,
    );
    expect((await h.service.list()).map((c) => c.id)).not.toContain(id);
  });

  it('wait for removed of an AutoRemove container answers its exit code (docker run --rm)', async () => {
    const { id } = await h.service.create({ name: 'rm-five', config: { image: 'host', cmd: ['/bin/sh', '-c', 'exit 5'] }, hostConfig: { autoRemove: true } }, USER);
    const removed = h.service.wait(id, 'removed');
    await h.service.start(id, USER);
    expect(await removed).toEqual({ statusCode: 5 });
    expect(await h.types(id)).toContain('ContainerRemoved');
  });

  it('start of an unknown container is NotFound; of a running one NotModified; of a paused one Conflict', async () => {
    await expect(h.service.start('ghost', USER)).rejects.toMatchObject({
      kind: 'not_found',
      message: 'No such container: ghost',
    });
    await h.service.create({ name: 'sleeper', config: { image: 'host', cmd: ['/bin/sleep', '30'] } }, USER);
    await h.service.start('sleeper', USER);
    await expect(h.service.start('sleeper', USER)).rejects.toMatchObject({ kind: 'not_modified' });
    await h.service.pause('sleeper', USER);
    expect((await h.service.inspect('sleeper')).State).toMatchObject({
      Status: 'paused',
      Running: true,
      Paused: true,
    });
    await expect(h.service.start('sleeper', USER)).rejects.toMatchObject({
      kind: 'conflict',
      message: 'cannot start a paused container, try unpause instead',
    });
    await h.service.unpause('sleeper', USER);
    await h.service.stop('sleeper', USER, { timeoutSeconds: 1 });
    expect((await h.service.inspect('sleeper')).State).toMatchObject({ Status: 'exited', ExitCode: 143 });
  });

  it('remove of a running container needs force; force kills it first', async () => {
    const { id } = await h.service.create(
      { name: 'busy', config: { image: 'host', cmd: ['/bin/sleep', '30'] } },
      USER,
    );
    await h.service.start(id, USER);
    await expect(h.service.remove('busy', USER)).rejects.toMatchObject({ kind: 'conflict' });
    await h.service.remove('busy', USER, { force: true });
    expect(await h.types(id)).toContain('ContainerRemoved');
    await expect(h.service.inspect(id)).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('100 concurrent starts of one created container append exactly one StartRequested', async () => {
    const { id } = await h.service.create(
      { name: 'race', config: { image: 'host', cmd: ['/bin/sleep', '5'] } },
      USER,
    );
    const outcomes = await Promise.allSettled(Array.from({ length: 100 }, () => h.service.start(id, USER)));
    const fulfilled = outcomes.filter((o) => o.status === 'fulfilled').length;
    const kinds = outcomes.flatMap((o) =>
      o.status === 'rejected' ? [(o.reason as { kind?: string }).kind] : [],
    );
    expect(fulfilled).toBe(1);
    expect(new Set(kinds)).toEqual(new Set(['not_modified']));
    expect((await h.types(id)).filter((t) => t === 'StartRequested')).toHaveLength(1);
    await h.service.kill(id, USER);
  });

  it('on-failure:2 with exit 1 restarts twice, then stays exited with RestartCount 2', async () => {
    const { id } = await h.service.create(
      {
        name: 'flaky',
        config: { image: 'host', cmd: ['/bin/sh', '-c', 'exit 1'] },
        hostConfig: { restartPolicy: { name: 'on-failure', maximumRetryCount: 2 } },
      },
      USER,
    );
    await h.service.start(id, USER);
    for (let i = 0; i < 200; i++) {
      const types = await h.types(id);
      if (types.filter((t) => t === 'ContainerExited').length === 3 && types.at(-1) === 'CleanupCompleted')
        break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const types = await h.types(id);
    expect(types.filter((t) => t === 'RestartScheduled')).toHaveLength(2);
    expect(types.filter((t) => t === 'ContainerStarted')).toHaveLength(3);
    const state = await h.service.inspect(id, (await h.events(id)).at(-1)!.position);
    expect(state.RestartCount).toBe(2);
    expect(state.State).toMatchObject({ Status: 'exited', ExitCode: 1, Restarting: false });
  });

  it('a stop during the restart backoff cancels the restart', async () => {
    const { id } = await h.service.create(
      {
        name: 'backoff',
        config: { image: 'host', cmd: ['/bin/sh', '-c', 'exit 1'] },
        hostConfig: { restartPolicy: { name: 'always', maximumRetryCount: 0 } },
      },
      USER,
    );
    await h.service.start(id, USER);
    await h.eventually(id, 'RestartScheduled');
    // Let the restarts back off beyond a few hundred ms, then stop while one is pending.
    for (let i = 0; i < 200; i++) {
      const state = await h.service.inspect(id, (await h.events(id)).at(-1)!.position);
      if (state.restartManager.scheduled && state.restartManager.scheduled.delayMs >= 400) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await h.service.stop(id, USER).catch(() => undefined);
    const count = (await h.types(id)).filter((t) => t === 'StartRequested').length;
    await new Promise((r) => setTimeout(r, 1200));
    const types = await h.types(id);
    expect(types).toContain('RestartCancelled');
    expect(types.filter((t) => t === 'StartRequested')).toHaveLength(count);
    expect((await h.service.inspect(id)).State).toMatchObject({ Status: 'exited', Restarting: false });
  });
});
