/**
 * The real docker CLI against berthd (containerd runtime) and against a private dockerd 20.10 —
 * the oracle — started by this file: every scripted session must print the same exit codes, the
 * same stdout/stderr lines and the same inspect State on both (ids and durations normalized).
 *
 * `it.fails` marks a difference from dockerd that is known and not fixed yet: it passes while
 * berth still differs, and turns red once berth answers like dockerd — then drop the `.fails`.
 *
 * Needs root, Debian's docker.io (dockerd), containerd, runc and the docker CLI; skipped otherwise.
 * Run `npm run build` first (npm test does).
 */
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BerthdDaemon,
  busyboxTarball,
  cli,
  type Daemon,
  hasContainerd,
  hasDockerCli,
  hasDockerd,
  isRoot,
  startBerth,
  startOracle,
} from './daemons';
import { normalize, Session } from './transcript';

const canRun = isRoot && hasDockerCli && hasDockerd && hasContainerd;
const TAG = `o${process.pid % 100000}`;
const SUBNET = `10.221.${process.pid % 250}.0/24`;
const IMAGE = 'busybox:local';

type Script = (s: Session) => Promise<unknown> | unknown;

describe.skipIf(!canRun)('docker CLI: berthd (containerd) answers as dockerd 20.10', () => {
  let work: string;
  let oracle: Daemon;
  let berth: BerthdDaemon;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'berth-docker-api-'));
    const tarball = await busyboxTarball(work);
    [oracle, berth] = await Promise.all([
      startOracle(join(work, 'oracle')),
      startBerth(join(work, 'berth'), { kind: 'containerd', tag: TAG, subnet: SUBNET }),
    ]);
    for (const daemon of [oracle, berth]) {
      const imported = cli(daemon.socket, ['import', tarball, IMAGE]);
      expect(imported.code, imported.stderr).toBe(0);
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all([oracle?.stop(), berth?.stop()]);
    rmSync(work, { recursive: true, force: true });
  }, 60_000);

  /** Runs the script on both daemons (oracle first); returns both transcripts. */
  const both = async (script: Script): Promise<{ dockerd: string; berth: string }> => {
    const dockerd = new Session(oracle.socket);
    await script(dockerd);
    const b = new Session(berth.socket);
    await script(b);
    return { dockerd: dockerd.text(), berth: b.text() };
  };
  const same = async (script: Script): Promise<void> => {
    const { dockerd, berth: answer } = await both(script);
    expect(answer).toBe(dockerd);
  };

  it(
    "start -a of sh -c 'exit 3': exit code, both streams, State, logs, wait, ps",
    () =>
      same((s) =>
        s
          .docker('create', '--name', 'three', IMAGE, 'sh', '-c', 'echo out; echo err >&2; exit 3')
          .docker('start', '-a', 'three')
          .state('three')
          .docker('logs', 'three')
          .docker('wait', 'three')
          .docker(
            'ps',
            '-a',
            '--filter',
            'name=three',
            '--format',
            '{{.Names}}|{{.Command}}|{{.State}}|{{.Status}}',
          ),
      ),
    60_000,
  );

  it(
    'a missing binary: the runc error line, exit 1, State created/127 with the error',
    () =>
      same((s) =>
        s
          .docker('create', '--name', 'nope', IMAGE, '/bin/nope')
          .docker('start', 'nope')
          .state('nope')
          .docker('start', '-a', 'nope')
          .state('nope'),
      ),
    60_000,
  );

  it(
    'a non-executable binary: 126',
    () =>
      same((s) =>
        s
          .docker('create', '--name', 'noexec', IMAGE, '/bin/noexec')
          .docker('start', 'noexec')
          .state('noexec'),
      ),
    60_000,
  );

  it(
    'a file bound onto a directory: 127 and the "Are you trying to mount" hint',
    () =>
      same((s) =>
        s
          .docker('create', '--name', 'onto', '-v', '/etc/hostname:/bin', IMAGE, 'true')
          .docker('start', 'onto')
          .state('onto'),
      ),
    60_000,
  );

  it(
    'start of an unknown container',
    () => same((s) => s.docker('start', 'ghost').docker('start', '-a', 'ghost')),
    30_000,
  );

  it(
    'start of a running container, of a paused one; pause and unpause twice',
    () =>
      same((s) =>
        s
          .docker('run', '-d', '--name', 'sleeper', IMAGE, 'sleep', '30')
          .docker('start', 'sleeper')
          .state('sleeper')
          .docker('pause', 'sleeper')
          .state('sleeper')
          .docker('start', 'sleeper')
          .docker('pause', 'sleeper')
          .docker('unpause', 'sleeper')
          .docker('unpause', 'sleeper')
          .state('sleeper')
          .docker('rm', '-f', 'sleeper'),
      ),
    60_000,
  );

  it(
    'stop -t 1 of sleep 30 → 137; stop and pause of a stopped container; restart; rm needs -f',
    () =>
      same((s) =>
        s
          .docker('run', '-d', '--name', 'stopper', IMAGE, 'sleep', '30')
          .docker('stop', '-t', '1', 'stopper')
          .state('stopper')
          .docker('stop', 'stopper')
          .docker('pause', 'stopper')
          .docker('restart', '-t', '1', 'stopper')
          .state('stopper')
          .docker('rm', 'stopper')
          .docker('kill', '-s', 'BOGUS', 'stopper')
          .docker('kill', 'stopper')
          .state('stopper')
          .docker('rm', '-f', 'stopper')
          .docker('rm', '-f', 'stopper')
          .docker('inspect', 'stopper'),
      ),
    60_000,
  );

  it(
    'run --rm: the output and exit code; a failed start leaves nothing behind',
    () =>
      same((s) =>
        s
          .docker('run', '--rm', '--name', 'ephemeral', IMAGE, 'sh', '-c', 'echo bye; echo err >&2; exit 5')
          .docker('ps', '-a', '-q', '--filter', 'name=ephemeral')
          .docker('run', '--rm', '--name', 'gone', IMAGE, '/bin/nope')
          .docker('ps', '-a', '-q', '--filter', 'name=gone')
          .docker('run', '--name', 'kept', IMAGE, '/bin/noexec')
          .state('kept'),
      ),
    60_000,
  );

  it(
    '--restart on-failure:2 with exit 1: two restarts, exited/1, wait says 1',
    () =>
      same(async (s) => {
        s.docker('run', '-d', '--name', 'flaky', '--restart', 'on-failure:2', IMAGE, 'sh', '-c', 'exit 1');
        await s.until('flaky', '{{.State.Status}} {{.RestartCount}}', 'exited 2');
        await new Promise((r) => setTimeout(r, 500)); // no third restart may follow
        s.state('flaky').docker('wait', 'flaky');
      }),
    60_000,
  );

  it(
    'create errors: a name in use, an invalid name, no command',
    () =>
      same((s) =>
        s
          .docker('create', '--name', 'taken', IMAGE, 'true')
          .docker('create', '--name', 'taken', IMAGE, 'true')
          .docker('create', '--name', 'x', IMAGE, 'true')
          .docker('create', '--name', 'bad/name', IMAGE, 'true')
          .docker('create', IMAGE),
      ),
    30_000,
  );

  it(
    'ps: all, filters name/status/exited/label, Command and Status columns',
    () =>
      same((s) =>
        s
          .docker('run', '-d', '--name', 'psrun', '--label', 'team=berth', IMAGE, 'sleep', '30')
          .docker('run', '--name', 'psexit', '--label', 'team=berth', IMAGE, 'sh', '-c', 'exit 7')
          .docker('ps', '--filter', 'label=team=berth', '--format', '{{.Names}}|{{.State}}')
          .docker(
            'ps',
            '-a',
            '--filter',
            'label=team=berth',
            '--format',
            '{{.Names}}|{{.Command}}|{{.State}}|{{.Status}}|{{.Labels}}',
          )
          .docker('ps', '-a', '--filter', 'label=team', '--filter', 'status=exited', '--format', '{{.Names}}')
          .docker('ps', '-a', '--filter', 'exited=7', '--format', '{{.Names}}')
          .docker('ps', '-a', '--filter', 'name=^/ps', '--format', '{{.Names}}')
          .docker('rm', '-f', 'psrun', 'psexit'),
      ),
    60_000,
  );

  it(
    'attach-less runs: logs of a finished container, logs -f until it exits, -t, --tail 0',
    () =>
      same(async (s) => {
        s.docker(
          'run',
          '-d',
          '--name',
          'chatty',
          IMAGE,
          'sh',
          '-c',
          'for i in 1 2 3; do echo o$i; sleep 0.2; done; exit 2',
        );
        s.docker('logs', '-f', 'chatty')
          .docker('wait', 'chatty')
          .docker('logs', '--tail', '0', 'chatty')
          .docker('logs', '--tail', '2', 'chatty');
        s.lines.push(
          normalize(
            cli(s.socket, ['logs', '-t', 'chatty']).stdout.replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z /gm, '<time> '),
          ),
        );
      }),
    60_000,
  );

  it(
    'events --since --until --filter: create, start, pause, unpause, kill, die, stop, destroy with name/image/labels',
    () =>
      same(async (s) => {
        const since = Math.floor(Date.now() / 1000) - 1;
        s.docker(
          'run',
          '-d',
          '--name',
          'evented',
          '--label',
          'team=berth',
          IMAGE,
          'sh',
          '-c',
          'trap "exit 0" TERM; while true; do sleep 0.1; done',
        )
          .docker('pause', 'evented')
          .docker('unpause', 'evented')
          .docker('stop', 'evented')
          .docker('rm', 'evented');
        const until = String(Math.floor(Date.now() / 1000) + 1);
        const format =
          '{{.Type}} {{.Action}} {{.Actor.Attributes.name}} {{.Actor.Attributes.image}} {{.Actor.Attributes.team}} {{index .Actor.Attributes "exitCode"}} {{index .Actor.Attributes "signal"}}';
        s.docker(
          'events',
          '--since',
          String(since),
          '--until',
          until,
          '--filter',
          'container=evented',
          '--format',
          format,
        ).docker(
          'events',
          '--since',
          String(since),
          '--until',
          until,
          '--filter',
          'event=die',
          '--filter',
          'label=team=berth',
          '--format',
          format,
        );
      }),
    60_000,
  );

  // ---- Known differences from dockerd (it.fails: they pass while berth still differs) ----

  it(
    'kill of a stopped container: dockerd prefixes "Cannot kill container: <name>: "',
    () => same((s) => s.docker('create', '--name', 'notrunning', IMAGE, 'true').docker('kill', 'notrunning')),
    30_000,
  );

  it.fails(
    'events: start -a emits attach; docker restart emits restart; a stop timeout emits kill 9; die has no execDuration',
    () =>
      same(async (s) => {
        const since = Math.floor(Date.now() / 1000) - 1;
        s.docker('create', '--name', 'evfull', IMAGE, 'sleep', '30')
          .docker('start', 'evfull')
          .docker('stop', '-t', '1', 'evfull')
          .docker('restart', '-t', '1', 'evfull')
          .docker('rm', '-f', 'evfull')
          .docker('run', '--rm', '--name', 'evattach', IMAGE, 'true');
        const until = String(Math.floor(Date.now() / 1000) + 1);
        s.docker(
          'events',
          '--since',
          String(since),
          '--until',
          until,
          '--filter',
          'container=evfull',
          '--filter',
          'container=evattach',
          '--format',
          '{{.Action}} {{json .Actor.Attributes}}',
        );
      }),
    60_000,
  );

  it.fails(
    'inspect of a never-started container lists its bind mounts (dockerd shows the configured mounts)',
    () =>
      same((s) =>
        s
          .docker('create', '--name', 'mounted', '-v', '/etc/hostname:/h:ro', IMAGE, 'true')
          .docker('inspect', '-f', '{{json .Mounts}}', 'mounted'),
      ),
    30_000,
  );

  it(
    'image inspect and rmi of an unknown image: dockerd names it with :latest',
    () => same((s) => s.docker('image', 'inspect', 'nosuch').docker('rmi', 'nosuch')),
    30_000,
  );

  it(
    'start of a missing / non-executable binary answers HTTP 400 (dockerd maps the 126/127 errors to invalid parameter)',
    async () => {
      const statusOf = (socket: string, path: string): Promise<number> =>
        new Promise((resolve, reject) => {
          const req = request({ socketPath: socket, method: 'POST', path }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          });
          req.on('error', reject);
          req.end();
        });
      const answers: Record<string, number[]> = {};
      for (const daemon of [oracle, berth]) {
        cli(daemon.socket, ['create', '--name', 'status127', IMAGE, '/bin/nope']);
        cli(daemon.socket, ['create', '--name', 'status126', IMAGE, '/bin/noexec']);
        answers[daemon.socket] = [
          await statusOf(daemon.socket, '/v1.41/containers/status127/start'),
          await statusOf(daemon.socket, '/v1.41/containers/status126/start'),
        ];
      }
      expect(answers[oracle.socket]).toEqual([400, 400]);
      expect(answers[berth.socket]).toEqual(answers[oracle.socket]);
    },
    30_000,
  );
});
