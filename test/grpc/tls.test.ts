import * as grpc from '@grpc/grpc-js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditReply__Output } from '../../apps/berthd/src/grpc/generated/berth/v1/AuditReply';
import type { CreateContainerReply__Output } from '../../apps/berthd/src/grpc/generated/berth/v1/CreateContainerReply';
import { startBerthd } from '../support/berthd-process';
import { type BerthdWithGrpc, call, connect, failure, startBerthdWithGrpc } from './berthd-grpc';

const dir = mkdtempSync(join(tmpdir(), 'berth-tls-'));
const file = (name: string): string => join(dir, name);
const openssl = (...args: string[]): void => void execFileSync('openssl', args, { stdio: 'ignore' });

/** A CA, a server certificate for 127.0.0.1/localhost, and a client certificate with CN=carol. */
function makeCertificates(): void {
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=berth test CA',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
  );
  writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  for (const [name, cn, ext] of [
    ['server', 'localhost', ['-extfile', file('server.ext')]],
    ['client', 'carol', []],
  ] as const) {
    openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${cn}`,
      '-keyout',
      file(`${name}.key`),
      '-out',
      file(`${name}.csr`),
    );
    openssl(
      'x509',
      '-req',
      '-in',
      file(`${name}.csr`),
      '-CA',
      file('ca.pem'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-days',
      '1',
      '-out',
      file(`${name}.pem`),
      ...ext,
    );
  }
}

let server: BerthdWithGrpc;
beforeAll(async () => {
  makeCertificates();
  server = await startBerthdWithGrpc({
    env: {
      BERTH_GRPC_TLS_CERT: file('server.pem'),
      BERTH_GRPC_TLS_KEY: file('server.key'),
      BERTH_GRPC_TLS_CA: file('ca.pem'),
    },
  });
}, 60_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('gRPC transport security', () => {
  it('with mutual TLS, serves a client with a certificate of the CA and records its common name as the actor', async () => {
    const credentials = grpc.credentials.createSsl(
      readFileSync(file('ca.pem')),
      readFileSync(file('client.key')),
      readFileSync(file('client.pem')),
    );
    const api = connect(server.address, credentials);
    try {
      const claimed = new grpc.Metadata();
      claimed.set('x-berth-actor', 'mallory');
      const { id } = await call<CreateContainerReply__Output>((cb) =>
        api.lifecycle.createContainer(
          { name: 'tls', config: { image: 'host', cmd: ['/bin/true'] } },
          claimed,
          cb,
        ),
      );
      const audit = await call<AuditReply__Output>((cb) => api.debug.audit({ container: id }, cb));
      expect(audit.records.map((r) => r.actor)).toEqual(['carol']);
    } finally {
      api.close();
    }
    expect(server.berthd.output()).toContain('(mutual TLS; reflection on)');
  });

  it('refuses a client without a certificate, and a plaintext client', async () => {
    const noCert = connect(server.address, grpc.credentials.createSsl(readFileSync(file('ca.pem'))));
    const plain = connect(server.address);
    try {
      expect((await failure(call((cb) => noCert.lifecycle.listContainers({}, cb)))).code).toBe(
        grpc.status.UNAVAILABLE,
      );
      expect((await failure(call((cb) => plain.lifecycle.listContainers({}, cb)))).code).toBe(
        grpc.status.UNAVAILABLE,
      );
    } finally {
      noCert.close();
      plain.close();
    }
  });

  it('refuses to serve plaintext on a non-loopback address (exit 2, naming the setting)', async () => {
    const data = mkdtempSync(join(tmpdir(), 'berth-tls-refused-'));
    try {
      const berthd = await startBerthd(['--runtime', 'process', '--data-dir', data], {
        BERTH_GRPC_ADDR: '0.0.0.0:0',
      });
      expect(await berthd.exited).toBe(2);
      expect(berthd.output()).toContain(
        'invalid configuration BERTH_GRPC_ADDR: 0.0.0.0 is not a loopback address',
      );
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
