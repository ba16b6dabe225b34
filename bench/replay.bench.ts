/**
 * npm run bench:replay — StateAt of one container whose stream holds 10 000 events (target:
 * under 50 ms), next to baselines measured in the same run on the same file: the raw rows of the
 * stream read with better-sqlite3 and JSON.parse'd, and the store adapter's readStream. Also
 * prints what the other debug questions cost on that stream (replay with diffs, explain, verify).
 */
import Database from 'better-sqlite3';
import {
  type ContainerCommand,
  containerStream,
  type ContainerState,
  decide,
  evolve,
  initialState,
  LINUX,
} from '@berth/domain';
import { type EventStore, type NewEvent, openSqliteEventStore } from '@berth/event-store';
import { explainStarts, replayContainer, stateAt, verifyContainerEvents } from '@berth/lifecycle';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const TARGET_MS = 50;
const ID = 'b'.repeat(64);

/** Appends the events `decide` makes for a command, with the metadata the executor records. */
async function record(
  store: EventStore,
  state: ContainerState,
  revision: number,
  command: ContainerCommand,
): Promise<{ state: ContainerState; revision: number }> {
  const events = decide(command, state, LINUX);
  const batch: NewEvent[] = events.map((event, index) => ({
    id: randomUUID(),
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: {
      actor: 'bench',
      source: 'bench',
      command: command.type,
      ...(index === 0 ? { commandData: JSON.stringify(command.data), batchSize: String(events.length) } : {}),
    },
  }));
  await store.append(containerStream(ID), batch, revision < 0 ? 'no_stream' : revision);
  let next = state;
  for (const event of events) next = evolve(next, event);
  return { state: next, revision: revision + events.length };
}

/** A container started and exited again and again: 6 events per run, like the saga writes them. */
async function writeStream(store: EventStore): Promise<number> {
  const t = (ms: number): string => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();
  let now = 0;
  let s = await record(store, initialState, -1, {
    type: 'CreateContainer',
    data: {
      id: ID,
      name: '/busy',
      config: { image: 'host', cmd: ['/bin/sh', '-c', 'exit 1'] },
      hostConfig: {},
      createdAt: t(now),
    },
  });
  for (let run = 0; s.revision + 1 < EVENTS; run++) {
    const startId = `00000000-0000-4000-8000-${String(run).padStart(12, '0')}`;
    const baseFs = `/var/lib/berth/containers/${ID}/rootfs`;
    const steps: ContainerCommand[] = [
      { type: 'StartContainer', data: { container: ID, startId, requestedAt: t((now += 5)) } },
      {
        type: 'RecordMountCompleted',
        data: {
          startId,
          baseFs,
          mounts: [{ kind: 'rootfs', source: baseFs, destination: '/', readOnly: false, options: [] }],
        },
      },
      {
        type: 'RecordNetworkInitialized',
        data: {
          startId,
          mode: 'bridge',
          sandboxKey: `/run/netns/${ID.slice(0, 12)}`,
          endpoints: [
            {
              network: 'bridge',
              ip: '10.213.0.5',
              ipPrefixLen: 24,
              gateway: '10.213.0.1',
              mac: '02:42:0a:d5:00:05',
            },
          ],
        },
      },
      { type: 'RecordContainerStarted', data: { startId, pid: 1000 + run, startedAt: t((now += 5)) } },
      {
        type: 'RecordContainerExited',
        data: { exitCode: 1, oomKilled: false, finishedAt: t((now += 5)), pid: 1000 + run },
      },
      {
        type: 'RecordCleanupCompleted',
        data: {
          startId,
          steps: [
            'release-network',
            'unmount-rootfs',
            'unregister-execs',
            'unmount-volumes',
            'cancel-attach',
          ],
          warnings: [],
        },
      },
    ];
    for (const command of steps) {
      if (s.revision + 1 >= EVENTS) break;
      s = await record(store, s.state, s.revision, command);
    }
  }
  return s.revision + 1;
}

function measure(
  what: string,
  fn: () => unknown | Promise<unknown>,
): Promise<{ what: string; median: number; p95: number }> {
  return (async () => {
    for (let i = 0; i < 3; i++) await fn(); // warm up
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const began = process.hrtime.bigint();
      await fn();
      times.push(Number(process.hrtime.bigint() - began) / 1e6);
    }
    times.sort((a, b) => a - b);
    return {
      what,
      median: times[Math.floor(times.length / 2)]!,
      p95: times[Math.min(times.length - 1, Math.floor(times.length * 0.95))]!,
    };
  })();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-replay-'));
  const path = join(dir, 'berth.db');
  const store = await openSqliteEventStore({ path });
  try {
    const written = await writeStream(store);
    const events = await store.readStream(containerStream(ID));
    const middle = events[Math.floor(events.length / 2)]!;
    const raw = new Database(path, { readonly: true });
    const rows = raw.prepare<[string], { data: string; metadata: string }>(
      'SELECT data, metadata FROM events WHERE stream = ? ORDER BY revision',
    );
    const results = [
      await measure('baseline: raw SQLite rows + JSON.parse', () =>
        rows
          .all(containerStream(ID))
          .map((r) => [JSON.parse(r.data) as unknown, JSON.parse(r.metadata) as unknown]),
      ),
      await measure('baseline: store.readStream', () => store.readStream(containerStream(ID))),
      await measure('StateAt (latest revision)', () =>
        stateAt(store, ID, { revision: Number.MAX_SAFE_INTEGER }),
      ),
      await measure('StateAt (middle revision)', () => stateAt(store, ID, { revision: middle.revision })),
      await measure('StateAt (a time)', () => stateAt(store, ID, { time: middle.recordedAt })),
      await measure('fold only (evolve × events, in memory)', () =>
        events.reduce(
          (s, e) => evolve(s, { type: e.type, schemaVersion: e.schemaVersion, data: e.data } as never),
          initialState,
        ),
      ),
      await measure('Replay with state diffs', () => replayContainer(events)),
      await measure('Explain (all starts)', () => explainStarts(events, { all: true })),
      await measure('Verify (re-decide every command)', () => verifyContainerEvents(ID, events)),
    ];
    raw.close();
    const state = (await stateAt(store, ID, { revision: Number.MAX_SAFE_INTEGER })).state;
    console.log(
      `bench:replay — one container stream of ${written} events (SQLite, ${RUNS} runs each; median / p95)`,
    );
    for (const r of results)
      console.log(
        `  ${r.what.padEnd(42)} ${r.median.toFixed(1).padStart(8)} ms ${r.p95.toFixed(1).padStart(8)} ms`,
      );
    const stateAtMs = results[2]!.median;
    const readMs = results[1]!.median;
    console.log(
      `  StateAt ${stateAtMs.toFixed(1)} ms (target < ${TARGET_MS} ms: ${stateAtMs < TARGET_MS ? 'met' : 'NOT met'}); ` +
        `${(stateAtMs / readMs).toFixed(2)}× the adapter's readStream, ${(stateAtMs / results[0]!.median).toFixed(2)}× raw rows + JSON`,
    );
    console.log(
      `  final state: ${state.State.Status}, exit ${state.State.ExitCode}, ${Math.floor(written / 6)} runs`,
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
