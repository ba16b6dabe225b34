/**
 * Who can reach the Docker API: the unix socket (0660), TCP only with a bearer token or TLS, and
 * never the health/metrics listener. Uses the process runtime (no containers are run) and the
 * built berthd (`npm run build` first).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/berthd-process';
import { type BerthdDaemon, startBerth } from './daemons';

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

function call(
  target: { socketPath: string } | { port: number; tls?: boolean },
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const tls = 'port' in target && target.tls === true;
    const options = {
      ...('socketPath' in target
        ? { socketPath: target.socketPath }
        : { host: '127.0.0.1', port: target.port }),
      method,
      path,
      headers,
      ...(tls ? { rejectUnauthorized: false } : {}),
    };
    const req = (tls ? httpsRequest : httpRequest)(options, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

describe('Docker API listeners', () => {
  let work: string;
  let berth: BerthdDaemon;
  let tokenPort: number;
  const TOKEN = 'berth-test-token-0123456789';

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'berth-docker-listeners-'));
    tokenPort = await freePort();
    berth = await startBerth(
      join(work, 'token'),
      { kind: 'process' },
      {
        BERTH_DOCKER_TCP: `127.0.0.1:${tokenPort}`,
        BERTH_DOCKER_TOKEN: TOKEN,
      },
    );
  }, 60_000);

  afterAll(async () => {
    await berth?.stop();
    rmSync(work, { recursive: true, force: true });
  }, 30_000);

  it('the unix socket is mode 0660 and negotiates API 1.41 with the headers the CLI reads', async () => {
    expect(statSync(berth.socket).mode & 0o777).toBe(0o660);
    const ping = await call({ socketPath: berth.socket }, 'HEAD', '/_ping');
    expect(ping.status).toBe(200);
    expect(ping.headers).toMatchObject({
      'api-version': '1.41',
      ostype: 'linux',
      'docker-experimental': 'false',
    });
    const tooNew = await call({ socketPath: berth.socket }, 'GET', '/v1.99/version');
    expect(tooNew.status).toBe(400);
    expect(tooNew.headers['content-type']).toBe('application/json');
    expect(JSON.parse(tooNew.body)).toEqual({
      message: 'client version 1.99 is too new. Maximum supported API version is 1.41',
    });
    const unknown = await call({ socketPath: berth.socket }, 'GET', '/v1.41/no/such/route');
    expect([unknown.status, unknown.headers['content-type'], JSON.parse(unknown.body)]).toEqual([
      404,
      'application/json',
      { message: 'page not found' },
    ]);
  });

  it('the health listener serves /health but never the Docker API', async () => {
    const port = berth.berthd.port;
    expect((await call({ port }, 'GET', '/health')).status).toBe(200);
    for (const [method, path] of [
      ['GET', '/_ping'],
      ['GET', '/v1.41/containers/json'],
      ['POST', '/v1.41/containers/create'],
      ['GET', '/events'],
    ] as const) {
      expect((await call({ port }, method, path)).status, `${method} ${path}`).toBe(404);
    }
  });

  it('TCP with a token: 401 without it or with a wrong one, served with it (plain and upgraded requests)', async () => {
    const port = tokenPort;
    expect((await call({ port }, 'GET', '/v1.41/containers/json')).status).toBe(401);
    expect(
      (await call({ port }, 'GET', '/v1.41/containers/json', { Authorization: 'Bearer wrong' })).status,
    ).toBe(401);
    const served = await call({ port }, 'GET', '/v1.41/containers/json', {
      Authorization: `Bearer ${TOKEN}`,
    });
    expect([served.status, served.body.trim()]).toEqual([200, '[]']);
    const upgrade = await call({ port }, 'POST', '/v1.41/containers/x/attach?stream=1&stdout=1', {
      Connection: 'Upgrade',
      Upgrade: 'tcp',
    });
    expect(upgrade.status).toBe(401);
  });

  it('TCP without a token or TLS is refused at start-up, naming the setting', () => {
    const r = spawnSync(
      process.execPath,
      [
        join(__dirname, '..', '..', 'dist', 'apps', 'berthd', 'main.js'),
        '--data-dir',
        join(work, 'refused'),
        '--runtime',
        'process',
      ],
      {
        env: {
          ...process.env,
          BERTH_DOCKER_TCP: '127.0.0.1:1',
          BERTH_DOCKER_TOKEN: '',
          BERTH_GRPC_ADDR: 'off',
        },
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/BERTH_DOCKER_TCP/);
  });

  // TLS without client-certificate verification would authenticate nobody: berthd refuses to
  // start with a certificate and no client CA (and no token), as dockerd requires --tlsverify.
  (hasOpenssl ? it : it.skip)(
    'TLS: a client without a certificate is not served',
    async () => {
      const dir = join(work, 'tls');
      execFileSync('mkdir', ['-p', dir]);
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
        ],
        { stdio: 'ignore' },
      );
      const port = await freePort();
      const tls = await startBerth(
        join(dir, 'data'),
        { kind: 'process' },
        {
          BERTH_DOCKER_TCP: `127.0.0.1:${port}`,
          BERTH_DOCKER_TOKEN: '',
          BERTH_DOCKER_TLS_CERT: join(dir, 'cert.pem'),
          BERTH_DOCKER_TLS_KEY: join(dir, 'key.pem'),
        },
      ).catch(() => undefined);
      if (!tls) return; // refused to start without a client CA: the gap is closed
      try {
        const answer = await call({ port, tls: true }, 'GET', '/v1.41/containers/json').catch(
          () => undefined,
        );
        expect(answer?.status ?? 'refused').not.toBe(200);
      } finally {
        await tls.stop();
      }
    },
    60_000,
  );
});
