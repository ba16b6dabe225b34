import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BerthdWithGrpc, startBerthdWithGrpc } from '../grpc/berthd-grpc';
import { freePort } from '../support/berthd-process';
import { berth, berthInBackground, type CliResult, ndjson } from './run-cli';

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[`);
let dataDir: string;
let server: BerthdWithGrpc | undefined;
let env: Record<string, string>;

const ok = (result: CliResult): string => {
  expect(result.stderr).not.toMatch(ANSI);
  expect(result.stdout).not.toMatch(ANSI);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  return result.stdout;
};
const json = async (args: string[]): Promise<unknown> =>
  JSON.parse(ok(await berth(['--json', ...args], env))) as unknown;

interface HistoryJson {
  containerId: string;
  removed: boolean;
  entries: {
    type: string;
    revision: number;
    summary: string;
    data: Record<string, unknown>;
    metadata: Record<string, string>;
  }[];
}

async function restartedTwice(): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const history = (await json(['history', 'flaky'])) as HistoryJson;
    if (history.entries.filter((e) => e.type === 'CleanupCompleted').length === 3) return;
    if (Date.now() > deadline)
      throw new Error(`flaky did not finish: ${history.entries.map((e) => e.type).join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'berth-cli-'));
  server = await startBerthdWithGrpc({ dataDir });
  // The CLI finds berthd through the address file in BERTH_DATA_DIR, as a user's shell would.
  env = { BERTH_DATA_DIR: dataDir, BERTH_ACTOR: 'alice', BERTH_GRPC_ADDR: '' };
  ok(await berth(['create', '--name', 'gone', '--rm', 'host', '/bin/nope'], env));
  const failed = await berth(['start', 'gone'], env);
  expect(failed.code).toBe(1);
  expect(failed.stderr).toBe(
    'berth: gone: exec: "/bin/nope": stat /bin/nope: no such file or directory (start failed at create, exit code 127)\n',
  );
  ok(
    await berth(
      ['create', '--name', 'flaky', '--restart', 'on-failure:2', 'host', '/bin/sh', '-c', 'exit 1'],
      env,
    ),
  );
  expect(ok(await berth(['start', 'flaky'], env))).toBe('flaky\n');
  await restartedTwice();
}, 60_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('berth history / replay / explain: a --rm start that failed with 127', () => {
  it('history shows the timeline with the failing step, the error, each compensation and the removal', async () => {
    const text = ok(await berth(['history', 'gone'], env));
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^container \/gone [0-9a-f]{64} \(removed\)$/);
    expect(lines[1]).toMatch(/^REV +POS +TIME +ΔT +EVENT +DETAILS +ACTOR +CORRELATION$/);
    expect(text).toMatch(
      /\n4 +\d+ +[\d:.]+ +\+\d+ ms +StartFailed +at runtime create: exec: "\/bin\/nope": stat \/bin\/nope: no such file or directory \(exit 127\) +berthd \(saga\) +start [0-9a-f]{8}\n/,
    );
    expect(text).toMatch(
      /CleanupCompleted +released network, unmounted rootfs, released volumes, cancelled attach +berthd \(saga\)/,
    );
    expect(text).toMatch(/StartRequested +start [0-9a-f]{8} +alice \(grpc\)/);
    expect(text).toMatch(/ContainerRemoved +force, volumes/);

    const history = (await json(['history', 'gone'])) as HistoryJson;
    expect(history.removed).toBe(true);
    expect(history.entries.map((e) => e.type)).toEqual([
      'ContainerCreated',
      'StartRequested',
      'MountCompleted',
      'NetworkInitialized',
      'StartFailed',
      'CleanupCompleted',
      'RemovalRequested',
      'ContainerRemoved',
    ]);
    expect(history.entries[4]!.data).toMatchObject({ stage: 'create', exitCode: 127 });
  });

  it('explain tells the causal story in words', async () => {
    const text = ok(await berth(['explain', 'gone'], env));
    expect(text).toContain(
      'start failed at runtime create: /bin/nope does not exist in the image (exit 127); ' +
        'cleanup released network, unmounted rootfs, released volumes, cancelled attach; removed because of --rm\n',
    );
    expect(text).toMatch(/ {2}start requested by alice via grpc \[start [0-9a-f]{8}\]\n/);
    expect(text).toMatch(
      / {2}├─ runtime create failed: \/bin\/nope does not exist in the image \(exit 127\)( \(\+\d+ ms\))?\n/,
    );
    expect(text).toContain('  │  └─ error: exec: "/bin/nope": stat /bin/nope: no such file or directory\n');
    for (const step of [
      'released network [release-network]',
      'unmounted rootfs [unmount-rootfs]',
      'released volumes [unmount-volumes]',
      'cancelled attach [cancel-attach]',
    ]) {
      expect(text).toContain(step);
    }
    expect(text).toMatch(/└─ removed because of --rm \(AutoRemove\)/);
    const reply = (await json(['explain', 'gone'])) as { starts: { outcome: string; summary: string }[] };
    expect(reply.starts).toHaveLength(1);
    expect(reply.starts[0]!.outcome).toBe('failed');
  });

  it('replay shows the state at a revision and, with --step, each event with its state change', async () => {
    const text = ok(await berth(['replay', 'gone', '--to', '4'], env));
    expect(text).toMatch(/^status +created \(Created\)$/m);
    expect(text).toMatch(/^exit code +127$/m);
    expect(text).toMatch(/^error +exec: "\/bin\/nope": stat \/bin\/nope: no such file or directory$/m);
    const stepped = ok(await berth(['replay', 'gone', '--step'], env));
    expect(stepped).toMatch(/#4 StartFailed .*\n(?: {4}.*\n)*? {4}State\.ExitCode: 0 → 127\n/);
    expect(stepped).toMatch(/#7 ContainerRemoved/);
    expect(stepped).toContain('at revision 7 the container does not exist (removed)');
    const replay = (await json(['replay', 'gone', '--step', '--to', '5'])) as {
      revision: number;
      steps: { event: { type: string }; changes: { path: string; before: unknown; after: unknown }[] }[];
    };
    expect(replay.revision).toBe(5);
    expect(replay.steps.map((s) => s.event.type).at(-1)).toBe('CleanupCompleted');
    expect(replay.steps[4]!.changes).toContainEqual({ path: 'State.ExitCode', before: 0, after: 127 });
    const atTime = (await json(['replay', 'gone', '--to', '2000-01-01T00:00:00Z'])) as { revision: number };
    expect(atTime.revision).toBe(-1);
  });
});

describe('berth history / replay / explain: a container restarted twice by on-failure:2', () => {
  it('explain --all tells each run, each restart decision and each compensation', async () => {
    const text = ok(await berth(['explain', 'flaky', '--all'], env));
    const starts = text.split('\nstart ').slice(1);
    expect(starts).toHaveLength(3);
    expect(starts[0]).toMatch(
      /exited with code 1 after running \d+ ms; restart 1 of on-failure:2 scheduled in 100 ms; cleanup released network, unmounted rootfs, unregistered execs, released volumes, cancelled attach/,
    );
    expect(starts[1]).toContain('restart 1 of on-failure:2 requested by the restart manager after exit 1');
    expect(starts[1]).toContain('restart 2 of on-failure:2 scheduled in 200 ms');
    expect(starts[2]).toContain('not restarted: on-failure:2 reached its maximum of 2 restarts');
    for (const start of starts) {
      expect(start).toMatch(/runtime create \+ start: running as pid \d+/);
      for (const step of [
        'release-network',
        'unmount-rootfs',
        'unregister-execs',
        'unmount-volumes',
        'cancel-attach',
      ])
        expect(start).toContain(`[${step}]`);
    }
    expect(ok(await berth(['explain', 'flaky'], env))).toContain(
      'not restarted: on-failure:2 reached its maximum of 2 restarts',
    );
  });

  it('history and replay show the restart count growing', async () => {
    const history = (await json(['history', 'flaky'])) as HistoryJson;
    const scheduled = history.entries.filter((e) => e.type === 'RestartScheduled');
    expect(scheduled.map((e) => e.summary)).toEqual(['restart 1 in 100 ms', 'restart 2 in 200 ms']);
    const text = ok(await berth(['history', 'flaky'], env));
    expect(
      text.match(/StartRequested +start [0-9a-f]{8} by the restart manager +berthd \(restart-manager\)/g),
    ).toHaveLength(2);
    expect(text.match(/ContainerExited +exit code 1 +berthd \(runtime\)/g)).toHaveLength(3);
    const second = history.entries.filter((e) => e.type === 'StartRequested')[1]!;
    expect(ok(await berth(['replay', 'flaky', '--to', String(second.revision)], env))).toMatch(
      /^restart count +1$/m,
    );
    expect(ok(await berth(['replay', 'flaky'], env))).toMatch(/^restart count +2$/m);
  });
});

describe('berth ps / inspect / events / audit / verify', () => {
  it('ps and inspect, as text and as JSON', async () => {
    const text = ok(await berth(['ps', '-a'], env));
    expect(text.split('\n')[0]).toMatch(/^CONTAINER ID +IMAGE +COMMAND +CREATED +STATUS +NAMES$/);
    expect(text).toMatch(/[0-9a-f]{12} +host +"\/bin\/sh -c exit 1" +.+ ago +Exited \(1\) .+ ago +flaky/);
    expect(
      ok(await berth(['ps'], env))
        .split('\n')
        .filter(Boolean),
    ).toHaveLength(1);
    const listed = (await json(['ps', '-a'])) as { name: string; aggregate: { RestartCount: number } }[];
    expect(listed.map((c) => [c.name, c.aggregate.RestartCount])).toEqual([['/flaky', 2]]);
    const inspected = (await json(['inspect', 'flaky'])) as { state: { exitCode: number } }[];
    expect(inspected[0]!.state.exitCode).toBe(1);
    const missing = await berth(['inspect', 'gone'], env);
    expect([missing.code, missing.stdout, missing.stderr]).toEqual([
      1,
      '[]\n',
      'berth: gone: No such container: gone\n',
    ]);
  });

  it('events, filtered, as text and as NDJSON; --follow goes live', async () => {
    const text = ok(await berth(['events', '--container', 'gone', '--type', 'StartFailed'], env));
    expect(text.trim().split('\n')).toHaveLength(1);
    expect(text).toMatch(
      /#\d+ {2}container [0-9a-f]{12} {2}StartFailed {2}at runtime create: .* \(exit 127\) {2}berthd \(saga\)/,
    );
    const all = ndjson(ok(await berth(['--json', 'events'], env))) as { position: number; type: string }[];
    expect(all.length).toBeGreaterThan(20);
    expect(all.map((e) => e.position)).toEqual([...all.map((e) => e.position)].sort((a, b) => a - b));
    expect(
      ndjson(ok(await berth(['events', '--json', '--since', '1h', '--type', 'ContainerRemoved'], env))),
    ).toHaveLength(1);

    const follow = berthInBackground(['events', '--follow', '--json', '--type', 'ContainerCreated'], env);
    try {
      const deadline = Date.now() + 10_000;
      while (ndjson(follow.stdout()).length < 2 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      ok(await berth(['create', '--name', 'live', 'host', '/bin/true'], env));
      while (!follow.stdout().includes('"/live"') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      const names = (ndjson(follow.stdout()) as { data: { name: string } }[]).map((e) => e.data.name);
      expect(names).toEqual(['/gone', '/flaky', '/live']);
    } finally {
      follow.child.kill('SIGINT');
      expect(await follow.exited).toBe(0);
    }
    ok(await berth(['rm', 'live'], env));
  });

  it('audit answers who tried what and why it was refused', async () => {
    ok(await berth(['create', '--name', 'held', 'host', '/bin/sleep', '30'], env));
    ok(await berth(['start', 'held'], env));
    const refused = await berth(['--as', 'mallory', 'rm', 'held'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('You cannot remove a running container');
    const text = ok(await berth(['audit', '--outcome', 'rejected'], env));
    expect(text).toMatch(
      /mallory +grpc +RemoveContainer +[0-9a-f]{12} +rejected +conflict: You cannot remove a running container/,
    );
    const records = (await json(['audit', '--actor', 'alice'])) as { command: string; outcome: string }[];
    expect(records.map((r) => `${r.command}:${r.outcome}`)).toEqual(
      expect.arrayContaining([
        'CreateContainer:accepted',
        'StartContainer:accepted',
        'RemoveContainer:accepted',
      ]),
    );
    expect(((await json(['audit', '--actor', 'mallory'])) as unknown[]).length).toBe(1);
    ok(await berth(['rm', '-f', 'held'], env));
  });

  it('verify reports zero divergences on a fresh history', async () => {
    expect(ok(await berth(['verify'], env))).toMatch(
      /^verified \d+ container\(s\): \d+ command\(s\) re-decided covering \d+ event\(s\)\n0 divergences\n$/,
    );
    const report = (await json(['verify', 'gone'])) as {
      containers: number;
      divergences: unknown[];
      uncheckedEvents: number;
    };
    expect(report).toMatchObject({ containers: 1, divergences: [], uncheckedEvents: 0 });
  });
});

describe('berth rebuild / migrate, online and offline', () => {
  it('rebuilds through berthd, then offline once berthd is stopped; migrates the log; verify sees a changed record', async () => {
    const online = (await json(['rebuild', 'containers'])) as { mode: string; applied: number };
    expect(online.mode).toBe('online');
    expect(online.applied).toBeGreaterThan(30);
    expect(
      ok(await berth(['ps', '-a', '-q'], env))
        .trim()
        .split('\n'),
    ).toHaveLength(1);

    await server!.stop();
    server = undefined;
    // An address nothing listens on (the default 8421 may be taken by another berthd on this machine).
    const unused = `127.0.0.1:${await freePort()}`;
    const downEnv = { ...env, BERTH_GRPC_ADDR: unused };
    const down = await berth(['ps'], downEnv);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(`cannot reach berthd at ${unused}`);
    const offline = await berth(['rebuild', 'containers'], downEnv);
    expect(offline.code).toBe(0);
    expect(offline.stderr).toBe(`berthd is not reachable at ${unused}: rebuilding offline from ${dataDir}\n`);
    expect(offline.stdout).toMatch(
      /^rebuilt containers \(offline\): \d+ events applied up to position \d+ in \d+ ms\n$/,
    );

    const copy = join(dataDir, 'copy.db');
    const migrated = (await json([
      'migrate',
      '--from',
      `sqlite:${join(dataDir, 'berth.db')}`,
      '--to',
      `sqlite:${copy}`,
    ])) as { copied: number; total: number; appended: number };
    expect(migrated.copied).toBe(migrated.total);
    expect(migrated.appended).toBe(migrated.total);
    expect(
      ok(
        await berth(
          ['migrate', '--from', `sqlite:${join(dataDir, 'berth.db')}`, '--to', `sqlite:${copy}`],
          env,
        ),
      ),
    ).toMatch(/^migrated (\d+)\/\1 events: 0 appended/);

    // A recorded decision the current decider would not make (as after a rule changed): verify names it.
    const db = new Database(join(dataDir, 'berth.db'));
    db.prepare(`UPDATE events SET data = json_set(data, '$.exitCode', 126) WHERE type = 'StartFailed'`).run();
    db.close();
    server = await startBerthdWithGrpc({ dataDir });
    const diverged = await berth(['verify'], env);
    expect(diverged.code).toBe(1);
    expect(diverged.stdout).toMatch(
      /divergence: container [0-9a-f]{12} revision 4 \(position \d+\) RecordStartFailed: StartFailed differs: exitCode: recorded 126, now 127\n1 divergence\(s\)\n$/,
    );
  });
});
