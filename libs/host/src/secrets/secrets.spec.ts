import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSecrets } from './secrets';

describe('FileSecrets', () => {
  let work: string;
  let secrets: FileSecrets;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'berth-secrets-'));
    secrets = new FileSecrets(work);
  });

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const dir = (id: string): string => join(work, 'containers', id, 'secrets');

  it('given secrets, when acquired, then files are 0400 in a 0700 dir and bound read-only under /run/secrets', async () => {
    const mounts = await secrets.acquire('c1', [
      { name: 'db_password', data: 's3cret' },
      { name: 'tls.key', data: Buffer.from('key'), target: '/etc/tls/key' },
    ]);
    expect(mounts).toEqual([
      { destination: '/run/secrets/db_password', type: 'bind', source: join(dir('c1'), 'db_password'), options: ['rbind', 'ro', 'rprivate'] },
      { destination: '/etc/tls/key', type: 'bind', source: join(dir('c1'), 'tls.key'), options: ['rbind', 'ro', 'rprivate'] },
    ]);
    expect((await stat(dir('c1'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir('c1'), 'db_password'))).mode & 0o777).toBe(0o400);
    expect(await readFile(join(dir('c1'), 'db_password'), 'utf8')).toBe('s3cret');

    await secrets.acquire('c1', [{ name: 'db_password', data: 'rotated' }]); // a retried step rewrites
    expect(await readFile(join(dir('c1'), 'db_password'), 'utf8')).toBe('rotated');
  });

  it('given acquired secrets, when released twice, then the files are gone and the second release is done', async () => {
    await secrets.acquire('c2', [{ name: 'token', data: 't' }]);
    await secrets.release('c2');
    await expect(stat(dir('c2'))).rejects.toMatchObject({ code: 'ENOENT' });
    await secrets.release('c2');
    await secrets.release('never-acquired');
  });

  it('given a secret name with a path in it, then it is refused as an invalid parameter', async () => {
    await expect(secrets.acquire('c3', [{ name: '../escape', data: 'x' }])).rejects.toMatchObject({ kind: 'invalid_parameter', message: expect.stringContaining('../escape') });
  });
});
