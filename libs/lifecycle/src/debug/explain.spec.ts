import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LifecycleHarness, startLifecycle } from '../testing/lifecycle-harness';
import { explainStarts } from './explain';
import { type ExplainNode, renderTree } from './explain-node';
import { failedAutoRemoved, restartedTwice, USER } from './testing/histories';

const flatten = (node: ExplainNode): ExplainNode[] => [node, ...node.children.flatMap(flatten)];

describe('explain a start', () => {
  let h: LifecycleHarness;
  beforeAll(async () => {
    h = await startLifecycle();
  });
  afterAll(async () => {
    await h.close();
  });

  it('given a --rm container whose binary is missing, names the failing step, the error, every compensation and the removal', async () => {
    const id = await failedAutoRemoved(h);
    const [start] = explainStarts(await h.events(id));
    expect(start!.outcome).toBe('failed');
    expect(start!.summary).toBe(
      'start failed at runtime create: /bin/nope does not exist in the image (exit 127); ' +
        'cleanup released network, unmounted rootfs, released volumes, cancelled attach; removed because of --rm',
    );
    const nodes = flatten(start!.root);
    expect(nodes.map((n) => n.step)).toEqual([
      'command',
      'mount',
      'network',
      'runtime',
      'error',
      'cleanup',
      'compensation',
      'compensation',
      'compensation',
      'compensation',
      'removal',
      'removed',
    ]);
    expect(nodes.find((n) => n.step === 'error')!.text).toBe(
      'error: exec: "/bin/nope": stat /bin/nope: no such file or directory',
    );
    expect(nodes.filter((n) => n.step === 'compensation').map((n) => n.text)).toEqual([
      'released network [release-network]',
      'unmounted rootfs [unmount-rootfs]',
      'released volumes [unmount-volumes]',
      'cancelled attach [cancel-attach]',
    ]);
    expect(start!.root.text).toMatch(/^start requested by alice via test \[start [0-9a-f]{8}\]$/);
    const lines = renderTree(start!.root);
    expect(lines[3]).toBe('├─ runtime create failed: /bin/nope does not exist in the image (exit 127)');
    expect(lines.at(-1)).toBe('   └─ container removed');
  });

  it('given on-failure:2 and exit 1, explains the three runs, the restarts and why the last one was not restarted', async () => {
    const id = await restartedTwice(h);
    const starts = explainStarts(await h.events(id), { all: true });
    expect(starts.map((s) => s.outcome)).toEqual(['exited', 'exited', 'exited']);
    expect(starts[0]!.summary).toMatch(
      /^started as pid \d+ in \d+ ms; exited with code 1 after running \d+ ms; restart 1 of on-failure:2 scheduled in 100 ms; cleanup released network, unmounted rootfs, unregistered execs, released volumes, cancelled attach$/,
    );
    expect(starts[1]!.root.text).toMatch(
      /^restart 1 of on-failure:2 requested by the restart manager after exit 1/,
    );
    expect(starts[1]!.summary).toContain('restart 2 of on-failure:2 scheduled in 200 ms');
    expect(starts[2]!.summary).toContain('not restarted: on-failure:2 reached its maximum of 2 restarts');
    expect(explainStarts(await h.events(id))).toEqual([starts[2]]);
    expect(explainStarts(await h.events(id), { startId: starts[0]!.startId.slice(0, 8) })).toEqual([
      starts[0],
    ]);
  });

  it('given a user stop, names who stopped it and the exit that followed', async () => {
    const { id } = await h.service.create(
      { name: 'stopped', config: { image: 'host', cmd: ['/bin/sleep', '30'] } },
      USER,
    );
    await h.service.start(id, USER);
    await h.service.stop(id, { actor: 'bob', source: 'cli' }, { timeoutSeconds: 1 });
    await h.eventually(id, 'CleanupCompleted');
    const [start] = explainStarts(await h.events(id));
    const nodes = flatten(start!.root);
    expect(nodes.find((n) => n.step === 'stop')!.text).toBe('stop requested by bob (signal 15, timeout 1 s)');
    expect(nodes.find((n) => n.step === 'exit')!.text).toMatch(/^exited with code 143 after running \d+ ms$/);
    expect(start!.outcome).toBe('exited');
    expect(start!.summary).toMatch(
      /^started as pid \d+ in \d+ ms; exited with code 143 after running \d+ ms; cleanup released network, unmounted rootfs/,
    );
  });

  it('refuses a container that was never started and an unknown start id', async () => {
    const { id } = await h.service.create(
      { name: 'idle', config: { image: 'host', cmd: ['/bin/true'] } },
      { actor: 'alice' },
    );
    const idle = await h.events(id);
    expect(() => explainStarts(idle)).toThrow('the container was never started');
    const flaky = await h.events((await h.service.list()).find((c) => c.name === '/flaky')!.id);
    expect(() => explainStarts(flaky, { startId: 'zzzz' })).toThrow('no start zzzz in the container');
  });
});
