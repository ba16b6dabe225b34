/**
 * `docker start -a` of a container that exits at once (/bin/true), many times in a row: every
 * start must end with the container's exit. A task can exit before the start saga has recorded
 * ContainerStarted; that exit must still be recorded (else the container stays "running" with a
 * dead pid and `docker start -a` / `docker run` / `wait` hang for ever).
 *
 * Needs root, containerd, runc and the docker CLI; skipped otherwise. `npm run build` first.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BerthdDaemon,
  busyboxTarball,
  cli,
  hasContainerd,
  hasDockerCli,
  isRoot,
  startBerth,
} from './daemons';
import { STATE_FORMAT } from './transcript';

const canRun = isRoot && hasDockerCli && hasContainerd;
const RUNS = 100;

describe.skipIf(!canRun)('docker start -a of /bin/true, again and again (berthd on containerd)', () => {
  let work: string;
  let berth: BerthdDaemon;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'berth-docker-race-'));
    const tarball = await busyboxTarball(work);
    berth = await startBerth(join(work, 'berth'), {
      kind: 'containerd',
      tag: `r${process.pid % 100000}`,
      subnet: `10.222.${process.pid % 250}.0/24`,
    });
    expect(cli(berth.socket, ['import', tarball, 'busybox:local']).code).toBe(0);
    expect(
      cli(berth.socket, ['create', '--name', 'quick', '--network', 'none', 'busybox:local', '/bin/true'])
        .code,
    ).toBe(0);
  }, 90_000);

  afterAll(async () => {
    // A container left "running" by a lost exit is never cleaned up: drop its network namespace too.
    const id = berth ? cli(berth.socket, ['inspect', '-f', '{{.Id}}', 'quick']).stdout.trim() : '';
    await berth?.stop();
    if (/^[0-9a-f]{64}$/.test(id))
      spawnSync('ip', ['netns', 'del', `berth-${id.slice(0, 12)}`], { stdio: 'ignore' });
    rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it(`every one of ${RUNS} starts ends with exit 0 and the container exited`, () => {
    for (let run = 1; run <= RUNS; run++) {
      const started = cli(berth.socket, ['start', '-a', 'quick'], 15_000);
      if (started.code !== 0) {
        const state = cli(berth.socket, ['inspect', '-f', STATE_FORMAT, 'quick']).stdout.trim();
        expect.fail(
          `run ${run}: docker start -a exited ${started.code} (124 = hung) ${started.stderr}; state: ${state}`,
        );
      }
    }
    expect(
      cli(berth.socket, ['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'quick']).stdout.trim(),
    ).toBe('exited 0');
  }, 300_000);
});
