import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = join(__dirname, '..', '..');
const hasCompose = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!hasCompose)('docker-compose files (Debian docker-compose validates them)', () => {
  for (const file of ['docker-compose.yml', 'deploy/docker-compose.cluster.yml']) {
    it(`${file} is a valid compose file`, () => {
      const r = spawnSync('docker-compose', ['-f', join(REPO, file), 'config', '-q'], { cwd: REPO, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    });
  }
});
