import { containerStream } from '@berth/domain';
import { openSqliteEventStore } from '@berth/event-store';
import { isProcessAlive } from '@berth/runtime';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startBerthd, waitHealthy } from '../support/berthd-process';
import { eventTypes, submitStart, until } from '../support/log-client';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

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
      const id = await submitStart(db, { image: 'host', cmd }, { autoRemove: true });
      expect(await first.exited).toBe('SIGKILL');
      const atCrash = await eventTypes(db, id);
      expect(atCrash.at(-1)).toBe(crashedAt);
      expect(atCrash).not.toContain('ContainerRemoved');

      const second = await startBerthd(args);
      try {
        await waitHealthy(second);
        await until('ContainerRemoved', async () => (await eventTypes(db, id)).includes('ContainerRemoved'));
        const types = await eventTypes(db, id);
        for (const once of [
          'ContainerCreated',
          'StartRequested',
          'MountCompleted',
          'NetworkInitialized',
          'CleanupCompleted',
          'RemovalRequested',
          'ContainerRemoved',
        ]) {
          expect(
            types.filter((t) => t === once),
            `${once} in ${types.join(', ')}`,
          ).toHaveLength(1);
        }
        expect(types.filter((t) => t === 'ContainerStarted').length).toBeLessThanOrEqual(1);
        expect(existsSync(join(dataDir, 'containers', id))).toBe(false);
        const store = await openSqliteEventStore({ path: db });
        const started = (await store.readStream(containerStream(id))).find(
          (e) => e.type === 'ContainerStarted',
        );
        await store.close();
        if (started) expect(isProcessAlive((started.data as { pid: number }).pid)).toBe(false);
      } finally {
        await second.stop();
      }
    }, 60_000);
  }
});
