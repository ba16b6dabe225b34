import { buildBusyboxRootfs } from '@berth/host';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Berthd, startBerthd, waitHealthy } from '../support/berthd-process';
import { type CliResult, docker, hasDockerCli } from '../support/docker-cli';

const canRun = process.getuid?.() === 0 && hasDockerCli;
const BRIDGE = `bd${process.pid % 100000}`;
const SUBNET = `10.219.${process.pid % 250}.0/24`;
const RUNC_PREFIX = 'Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ';

describe.skipIf(!canRun)('the real docker CLI against berthd on containerd', () => {
  let work: string;
  let socket: string;
  let berthd: Berthd;
  const d = (...args: string[]): CliResult => docker(socket, args);
  const state = (name: string): string => d('inspect', '-f', '{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}', name).stdout.trim();

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'berth-docker-'));
    socket = join(work, 'data', 'berth.sock');
    berthd = await startBerthd(
      ['--runtime', 'containerd', '--data-dir', join(work, 'data'), '--containerd-namespace', `berthdocker${process.pid}`, '--bridge', BRIDGE, '--bridge-subnet', SUBNET],
      { BERTH_GRPC_ADDR: 'off' },
    );
    await waitHealthy(berthd, 30_000);
    await buildBusyboxRootfs(join(work, 'rootfs'), join(work, 'busybox.tar'));
    const imported = docker(socket, ['import', join(work, 'busybox.tar'), 'busybox:local']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/^sha256:[0-9a-f]{64}/);
  }, 90_000);

  afterAll(async () => {
    d('rm', '-f', 'sleeper', 'pauser', 'killme');
    await berthd?.stop();
    try {
      execFileSync('ip', ['link', 'del', BRIDGE], { stdio: 'ignore' });
    } catch {
      // no bridge
    }
    rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it('serves the socket with mode 0660 and negotiates API 1.41', () => {
    const mode = execFileSync('stat', ['-c', '%a', socket], { encoding: 'utf8' }).trim();
    expect(mode).toBe('660');
    expect(d('version', '--format', '{{.Server.APIVersion}}').stdout.trim()).toBe('1.41');
    expect(d('images', '--format', '{{.Repository}}:{{.Tag}}').stdout).toContain('busybox:local');
  });

  it("start -a of sh -c 'exit 3' exits 3, prints both streams, ps/inspect/logs agree", () => {
    expect(d('create', '--name', 'three', 'busybox:local', 'sh', '-c', 'echo out; echo err >&2; exit 3').code).toBe(0);
    const started = d('start', '-a', 'three');
    expect(started.code).toBe(3);
    expect(started.stdout).toBe('out\n');
    expect(started.stderr).toBe('err\n');
    expect(state('three')).toBe('exited 3 0');
    expect(d('inspect', '-f', '{{.State.Error}}|{{.State.Running}}|{{.Name}}', 'three').stdout.trim()).toBe('|false|/three');
    expect(d('ps', '-a', '--filter', 'name=three', '--format', '{{.Names}} {{.Status}}').stdout).toMatch(/^three Exited \(3\) /);
    const logs = d('logs', 'three');
    expect([logs.stdout, logs.stderr]).toEqual(['out\n', 'err\n']);
  });

  it('a missing binary: the runc error line, exit 1, and State created/127', () => {
    d('create', '--name', 'nope', 'busybox:local', '/bin/nope');
    const r = d('start', 'nope');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `${RUNC_PREFIX}exec: "/bin/nope": stat /bin/nope: no such file or directory: unknown\nError: failed to start containers: nope\n`,
    );
    expect(state('nope')).toBe('created 127 0');
  });

  it('a non-executable binary gives 126; a file bound onto a directory gives 127 and the mount hint', () => {
    const dir = join(work, 'noexec');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'noexec'), '#!/bin/sh\necho hi\n');
    chmodSync(join(dir, 'noexec'), 0o644);
    const r126 = d('run', '--name', 'noexec', '-v', `${dir}:/opt`, 'busybox:local', '/opt/noexec');
    expect(r126.code).toBe(126);
    expect(r126.stderr).toContain('exec: "/opt/noexec": permission denied: unknown');
    expect(state('noexec')).toBe('created 126 0');

    const file = join(work, 'a-file');
    writeFileSync(file, 'x\n');
    const r = d('run', '--name', 'onto', '-v', `${file}:/bin`, 'busybox:local', 'true');
    expect(r.code).toBe(125);
    expect(r.stderr).toContain('not a directory: unknown: Are you trying to mount a directory onto a file (or vice-versa)? Check if the specified host path exists and is the expected type');
    expect(state('onto')).toBe('created 127 0');
  });

  it('start of an unknown container, of a running one, of a paused one', () => {
    const unknown = d('start', 'ghost');
    expect([unknown.code, unknown.stderr]).toEqual([1, 'Error response from daemon: No such container: ghost\nError: failed to start containers: ghost\n']);
    expect(d('run', '-d', '--name', 'sleeper', 'busybox:local', 'sleep', '30').code).toBe(0);
    const again = d('start', 'sleeper');
    expect([again.code, again.stdout]).toEqual([0, 'sleeper\n']);
    expect(d('pause', 'sleeper').code).toBe(0);
    expect(state('sleeper')).toBe('paused 0 0');
    const paused = d('start', 'sleeper');
    expect([paused.code, paused.stderr]).toEqual([1, 'Error response from daemon: cannot start a paused container, try unpause instead\nError: failed to start containers: sleeper\n']);
    expect(d('unpause', 'sleeper').code).toBe(0);
    expect(state('sleeper')).toBe('running 0 0');
  });

  it('stop -t 1 of sleep 30 ends with 137; rm of a running container needs -f', () => {
    expect(d('stop', '-t', '1', 'sleeper').stdout).toBe('sleeper\n');
    expect(state('sleeper')).toBe('exited 137 0');
    d('run', '-d', '--name', 'killme', 'busybox:local', 'sleep', '30');
    const rm = d('rm', 'killme');
    expect(rm.code).toBe(1);
    expect(rm.stderr).toContain('You cannot remove a running container');
    expect(d('kill', 'killme').code).toBe(0);
    expect(state('killme')).toBe('exited 137 0');
    const killAgain = d('kill', 'killme');
    expect(killAgain.stderr).toMatch(/is not running/);
    expect(d('restart', 'killme').code).toBe(0);
    expect(state('killme')).toMatch(/^running /);
    expect(d('rm', '-f', 'killme').code).toBe(0);
    expect(d('inspect', 'killme').stderr).toContain('No such object: killme');
  });

  it('run --rm of a failing start: the error, and the container is gone', () => {
    const r = d('run', '--rm', '--name', 'gone', 'busybox:local', '/bin/nope');
    expect(r.code).toBe(127);
    expect(r.stderr).toContain('exec: "/bin/nope": stat /bin/nope: no such file or directory');
    expect(d('ps', '-a', '--filter', 'name=gone', '-q').stdout).toBe('');
  });

  it('run --rm of a working container prints its output, exits with its code, and is removed', () => {
    const r = d('run', '--rm', '--name', 'ephemeral', 'busybox:local', 'sh', '-c', 'echo bye; exit 5');
    expect([r.code, r.stdout]).toEqual([5, 'bye\n']);
    expect(d('ps', '-a', '--filter', 'name=ephemeral', '-q').stdout).toBe('');
  });

  it('--restart on-failure:2 restarts twice and stays exited; wait returns the code', async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    d('run', '-d', '--name', 'flaky', '--restart', 'on-failure:2', 'busybox:local', 'sh', '-c', 'exit 1');
    for (let i = 0; i < 100 && state('flaky') !== 'exited 1 2'; i++) await new Promise((r) => setTimeout(r, 100));
    expect(state('flaky')).toBe('exited 1 2');
    expect(d('wait', 'flaky').stdout).toBe('1\n');
    const events = d('events', '--since', String(since), '--until', String(Math.floor(Date.now() / 1000) + 1), '--filter', 'container=flaky', '--format', '{{.Action}} {{index .Actor.Attributes "exitCode"}}');
    expect(events.stdout.trim().split('\n').map((l) => l.trim())).toEqual(['create', 'start', 'die 1', 'start', 'die 1', 'start', 'die 1']);
  });

  it('events: a stop that times out is kill 15 → kill 9 → die → stop, with attributes; any past --since works', () => {
    d('run', '-d', '--name', 'stopme', '--label', 'team=berth', 'busybox:local', 'sleep', '30');
    d('stop', '-t', '1', 'stopme');
    const r = d('events', '--since', '0', '--until', String(Math.floor(Date.now() / 1000) + 1), '--filter', 'container=stopme', '--format', '{{.Action}} {{.Actor.Attributes.name}} {{.Actor.Attributes.image}} {{.Actor.Attributes.team}}{{if eq .Action "kill" "die"}} {{.Actor.Attributes.signal}}{{end}}');
    expect(r.stdout.trim().split('\n')).toEqual([
      'create stopme busybox:local berth',
      'start stopme busybox:local berth',
      'kill stopme busybox:local berth 15',
      'kill stopme busybox:local berth 9',
      'die stopme busybox:local berth <no value>',
      'stop stopme busybox:local berth',
    ]);
  });

  it('bad input: unknown routes 404, malformed JSON and wrong types 400 naming the field', async () => {
    const { request } = await import('node:http');
    const call = (method: string, path: string, body?: string): Promise<{ status: number; type: string; text: string }> =>
      new Promise((resolve, reject) => {
        const req = request({ socketPath: socket, method, path, headers: body ? { 'Content-Type': 'application/json' } : {} }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), text }));
        });
        req.on('error', reject);
        req.end(body);
      });
    expect(await call('GET', '/v1.41/nothing/here')).toMatchObject({ status: 404, type: 'application/json', text: '{"message":"page not found"}\n' });
    const malformed = await call('POST', '/v1.41/containers/create', '{"Image": ');
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.text).message).toMatch(/^malformed JSON body/);
    const wrongType = await call('POST', '/v1.41/containers/create', JSON.stringify({ Image: 'busybox:local', Cmd: 'not-an-array' }));
    expect(wrongType.status).toBe(400);
    expect(JSON.parse(wrongType.text).message).toMatch(/Cmd/);
    const badQuery = await call('POST', '/v1.41/containers/three/wait?condition=sometime');
    expect(badQuery.status).toBe(400);
    expect(JSON.parse(badQuery.text).message).toMatch(/condition/);
    const huge = await call('POST', '/v1.41/containers/create', JSON.stringify({ Image: 'busybox:local', Env: ['X='.padEnd(2 * 1024 * 1024, 'x')] }));
    expect(huge.status).toBe(400);
    expect(JSON.parse(huge.text).message).toMatch(/too large/);
    expect(readFileSync(join(work, 'data', 'read-model.db')).length).toBeGreaterThan(0);
  });
});
