import type { LifecycleHarness } from '../../testing/lifecycle-harness';

export const USER = { actor: 'alice', source: 'test' } as const;

/** `--rm /bin/nope`: the start fails with 127 at runtime create, is cleaned up and auto-removed. */
export async function failedAutoRemoved(h: LifecycleHarness, name = 'gone'): Promise<string> {
  const { id } = await h.service.create(
    { name, config: { image: 'host', cmd: ['/bin/nope'] }, hostConfig: { autoRemove: true } },
    USER,
  );
  await h.service.start(id, USER).catch(() => undefined);
  await h.eventually(id, 'ContainerRemoved');
  return id;
}

/** on-failure:2 with `exit 1`: started, restarted twice, then left exited. */
export async function restartedTwice(h: LifecycleHarness, name = 'flaky'): Promise<string> {
  const { id } = await h.service.create(
    {
      name,
      config: { image: 'host', cmd: ['/bin/sh', '-c', 'exit 1'] },
      hostConfig: { restartPolicy: { name: 'on-failure', maximumRetryCount: 2 } },
    },
    USER,
  );
  await h.service.start(id, USER);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const events = await h.events(id);
    const starts = events.filter((e) => e.type === 'StartRequested').length;
    const cleanups = events.filter((e) => e.type === 'CleanupCompleted').length;
    if (starts === 3 && cleanups === 3) return id;
    if (Date.now() > deadline) throw new Error(`no third cleanup: ${events.map((e) => e.type).join(', ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
