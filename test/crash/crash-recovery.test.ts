import { type ContainerCommand, containerStream, decide, evolveAll, initialState, LINUX } from '@berth/domain';
import { openSqliteEventStore } from '@berth/event-store';
import { isProcessAlive } from '@berth/runtime';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startBerthd, waitHealthy } from '../support/berthd-process';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A client writing commands straight to berthd's log (the store is shared, berthd's sagas pick them up). */
async function submitStart(dbPath: string, cmd: string[]): Promise<string> {
  const store = await openSqliteEventStore({ path: dbPath });
  try {
    const id = randomBytes(32).toString('hex');
    const now = new Date().toISOString();
    const commands: ContainerCommand[] = [
      { type: 'CreateContainer', data: { id, name: `crash-${id.slice(0, 8)}`, config: { image: 'host', cmd }, hostConfig: { autoRemove: true }, createdAt: now } },
      { type: 'StartContainer', data: { container: id, startId: randomUUID(), requestedAt: now } },
    ];
    let state = initialState;
    let revision = -1;
    for (const command of commands) {
      const events = decide(command, state, LINUX);
      const result = await store.append(
        containerStream(id),
        events.map((e) => ({ id: randomUUID(), type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata: { actor: 'crash-test', source: 'test' } })),
        revision < 0 ? 'no_stream' : revision,
      );
      revision = result.nextExpectedRevision;
      state = evolveAll(events, state);
    }
    return id;
  } finally {
    await store.close();
  }
}

async function eventTypes(dbPath: string, id: string): Promise<string[]> {
  const store = await openSqliteEventStore({ path: dbPath });
  try {
    return (await store.readStream(containerStream(id))).map((e) => e.type);
  } finally {
    await store.close();
  }
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}


describe('crash recovery: berthd SIGKILLed right after each saga step (process runtime)', () => {
  const cases: { step: string; cmd: string[]; crashedAt: string }[] = [
    { step: 'mount', cmd: ['/bin/sh', '-c', 'exit 0'], crashedAt: 'MountCompleted' },
    { step: 'network', cmd: ['/bin/sh', '-c', 'exit 0'], crashedAt: 'NetworkInitialized' },
    { step: 'runtime', cmd: ['/bin/sleep', '30'], crashedAt: 'ContainerStarted' },
    { step: 'cleanup', cmd: ['/bin/nope'], crashedAt: 'CleanupCompleted' },
    { step: 'remove', cmd: ['/bin/nope'], crashedAt: 'RemovalRequested' },
  ];

  for (const { step, cmd, crashedAt } of cases) {
    it(`after ${step}: the restarted berthd finishes or compensates, nothing twice, nothing leaked`, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), `berth-crash-${step}-`));
      dirs.push(dataDir);
      const db = join(dataDir, 'berth.db');
      const args = ['--runtime', 'process', '--data-dir', dataDir];

      const first = await startBerthd(args, { BERTH_TEST_CRASH_AFTER: step });
      await waitHealthy(first);
      const id = await submitStart(db, cmd);
      expect(await first.exited).toBe('SIGKILL');
      const atCrash = await eventTypes(db, id);
      expect(atCrash.at(-1)).toBe(crashedAt);
      expect(atCrash).not.toContain('ContainerRemoved');

      const second = await startBerthd(args);
      try {
        await waitHealthy(second);
        await until('ContainerRemoved', async () => (await eventTypes(db, id)).includes('ContainerRemoved'));
        const types = await eventTypes(db, id);
        for (const once of ['ContainerCreated', 'StartRequested', 'MountCompleted', 'NetworkInitialized', 'CleanupCompleted', 'RemovalRequested', 'ContainerRemoved']) {
          expect(types.filter((t) => t === once), `${once} in ${types.join(', ')}`).toHaveLength(1);
        }
        expect(types.filter((t) => t === 'ContainerStarted').length).toBeLessThanOrEqual(1);
        expect(existsSync(join(dataDir, 'containers', id))).toBe(false);
        const store = await openSqliteEventStore({ path: db });
        const started = (await store.readStream(containerStream(id))).find((e) => e.type === 'ContainerStarted');
        await store.close();
        if (started) expect(isProcessAlive((started.data as { pid: number }).pid)).toBe(false);
      } finally {
        await second.stop();
      }
    }, 60_000);
  }
});
