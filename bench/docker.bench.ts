/**
 * npm run bench:docker — `docker start -a` of a /bin/true container, berthd (containerd runtime)
 * vs dockerd 20.10 (Debian docker.io) on this machine, interleaved, median of BENCH_RUNS (≥ 10)
 * each, and the ratio. Starts its own dockerd and berthd in a temp dir; needs root, docker.io,
 * containerd, runc and the docker CLI.
 */
import { buildBusyboxRootfs } from '@berth/host';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const RUNS = Math.max(10, Number(process.env.BENCH_RUNS ?? 15));
const REPO = join(__dirname, '..', '..');

function docker(socket: string, args: string[], input?: Buffer): { code: number; out: string } {
  const r = spawnSync('docker', args, { env: { ...process.env, DOCKER_HOST: `unix://${socket}` }, input, encoding: 'utf8' });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timeStart(socket: string, name: string): number {
  const t = process.hrtime.bigint();
  const r = docker(socket, ['start', '-a', name]);
  if (r.code !== 0) throw new Error(`docker start -a ${name} failed: ${r.out}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function main(): Promise<void> {
  const dir = mkdtempSync('/tmp/bdk-');
  const children: ChildProcess[] = [];
  try {
    const dockerdSock = join(dir, 'docker.sock');
    children.push(
      spawn('dockerd', ['--data-root', join(dir, 'd'), '--exec-root', join(dir, 'x'), '-H', `unix://${dockerdSock}`, '--pidfile', join(dir, 'dockerd.pid'), '--bridge=none', '--iptables=false', '--ip-masq=false'], { stdio: 'ignore' }),
    );
    const berthSock = join(dir, 'b', 'berth.sock');
    children.push(
      spawn(process.execPath, [join(REPO, 'dist', 'apps', 'berthd', 'main.js'), '--runtime', 'containerd', '--data-dir', join(dir, 'b'), '--http', '127.0.0.1:0', '--containerd-namespace', 'berthbench'], {
        stdio: 'ignore',
        env: { ...process.env, BERTH_GRPC_ADDR: 'off' },
      }),
    );
    await until('dockerd', () => docker(dockerdSock, ['version']).code === 0);
    await until('berthd', () => docker(berthSock, ['version']).code === 0);
    await buildBusyboxRootfs(join(dir, 'rootfs'), join(dir, 'busybox.tar'));
    for (const socket of [dockerdSock, berthSock]) {
      const imported = docker(socket, ['import', join(dir, 'busybox.tar'), 'busybox:bench']);
      if (imported.code !== 0) throw new Error(`import failed: ${imported.out}`);
      const created = docker(socket, ['create', '--name', 'benchtrue', '--network', 'none', 'busybox:bench', 'true']);
      if (created.code !== 0) throw new Error(`create failed: ${created.out}`);
      timeStart(socket, 'benchtrue'); // warm-up
    }
    const berth: number[] = [];
    const dockerd: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      dockerd.push(timeStart(dockerdSock, 'benchtrue'));
      berth.push(timeStart(berthSock, 'benchtrue'));
    }
    console.log(`bench:docker — docker start -a of a /bin/true container (network none), ${RUNS} runs each, interleaved`);
    console.log(`  dockerd 20.10  median ${median(dockerd).toFixed(0)} ms`);
    console.log(`  berthd         median ${median(berth).toFixed(0)} ms`);
    console.log(`  ratio berth/dockerd ${(median(berth) / median(dockerd)).toFixed(2)} (goal ≤ 0.80)`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 3000));
    spawnSync('sh', ['-c', `grep ' ${dir}' /proc/self/mountinfo | cut -d' ' -f5 | sort -r | xargs -r -n1 umount -l`]);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
