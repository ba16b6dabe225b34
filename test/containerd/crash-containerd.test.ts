import { containerStream } from '@berth/domain';
import { openSqliteEventStore } from '@berth/event-store';
import { buildBusyboxRootfs, LocalImageStore, mountedUnder } from '@berth/host';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Berthd, startBerthd, waitHealthy } from '../support/berthd-process';
import { eventTypes, submitStart, until } from '../support/log-client';

const canRun = process.getuid?.() === 0;
const BRIDGE = `bc${process.pid % 100000}`;
const SUBNET = `10.216.${process.pid % 250}.0/24`;

describe.skipIf(!canRun)(
  'crash recovery on containerd: berthd SIGKILLed, managed containerd keeps running',
  () => {
    let work: string;
    let dataDir: string;
    const running: Berthd[] = [];
    const args = (): string[] => [
      '--runtime',
      'containerd',
      '--data-dir',
      dataDir,
      '--containerd-namespace',
      `berthcrash${process.pid}`,
      '--bridge',
      BRIDGE,
      '--bridge-subnet',
      SUBNET,
    ];

    beforeAll(async () => {
      work = mkdtempSync(join(tmpdir(), 'berth-ctrd-crash-'));
      dataDir = join(work, 'data');
      await buildBusyboxRootfs(join(work, 'rootfs'), join(work, 'busybox.tar'));
      await new LocalImageStore(dataDir).import(join(work, 'busybox.tar'), { repo: 'busybox', tag: 'test' });
    }, 60_000);

    afterAll(async () => {
      for (const b of running) await b.stop();
      // The managed containerd survives a SIGKILLed berthd by design: stop the last one.
      const last = await startBerthd(args());
      await waitHealthy(last).catch(() => undefined);
      await last.stop();
      try {
        execFileSync('ip', ['link', 'del', BRIDGE], { stdio: 'ignore' });
      } catch {
        // no bridge
      }
      rmSync(work, { recursive: true, force: true });
    }, 60_000);

    const berthd = async (env: Record<string, string> = {}): Promise<Berthd> => {
      const b = await startBerthd(args(), env);
      running.push(b);
      await waitHealthy(b, 30_000);
      return b;
    };

    it('a container keeps running across a berthd SIGKILL, is reconciled as running, and its later exit is recorded once', async () => {
      const db = join(dataDir, 'berth.db');
      const first = await berthd();
      const id = await submitStart(
        db,
        { image: 'busybox:test', cmd: ['sh', '-c', 'sleep 3; exit 7'] },
        { networkMode: 'none' },
      );
      await until('ContainerStarted', async () => (await eventTypes(db, id)).includes('ContainerStarted'));
      first.child.kill('SIGKILL');
      await first.exited;

      const second = await berthd();
      const health = await fetch(`http://127.0.0.1:${second.port}/health`);
      expect(health.ok).toBe(true);
      expect(await eventTypes(db, id)).not.toContain('ContainerExited'); // still running: not reconciled away
      await until(
        'ContainerExited',
        async () => (await eventTypes(db, id)).includes('CleanupCompleted'),
        20_000,
      );
      const types = await eventTypes(db, id);
      expect(types.filter((t) => t === 'ContainerExited')).toHaveLength(1);
      const store = await openSqliteEventStore({ path: db });
      const exited = (await store.readStream(containerStream(id))).find((e) => e.type === 'ContainerExited');
      await store.close();
      expect((exited?.data as { exitCode: number }).exitCode).toBe(7);
      await second.stop();
    }, 90_000);

    it('SIGKILLed after MountCompleted, before the task exists: the restarted berthd completes the start; nothing leaks', async () => {
      const db = join(dataDir, 'berth.db');
      const first = await berthd({ BERTH_TEST_CRASH_AFTER: 'mount' });
      const id = await submitStart(
        db,
        { image: 'busybox:test', cmd: ['sh', '-c', 'exit 0'] },
        { autoRemove: true },
      );
      expect(await first.exited).toBe('SIGKILL');
      expect((await eventTypes(db, id)).at(-1)).toBe('MountCompleted');
      expect(mountedUnder(join(dataDir, 'containers', id)).length).toBeGreaterThan(0); // the overlay is mounted

      const second = await berthd();
      await until(
        'ContainerRemoved',
        async () => (await eventTypes(db, id)).includes('ContainerRemoved'),
        30_000,
      );
      const types = await eventTypes(db, id);
      for (const once of [
        'StartRequested',
        'MountCompleted',
        'NetworkInitialized',
        'ContainerStarted',
        'ContainerExited',
        'CleanupCompleted',
        'ContainerRemoved',
      ]) {
        expect(
          types.filter((t) => t === once),
          `${once} in ${types.join(', ')}`,
        ).toHaveLength(1);
      }
      expect(mountedUnder(join(dataDir, 'containers', id))).toEqual([]);
      expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(
        `berth-${id.slice(0, 12)}`,
      );
      await second.stop();
    }, 90_000);
  },
);
