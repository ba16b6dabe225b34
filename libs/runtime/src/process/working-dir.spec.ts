import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from './testing/task-spec.fixture';
import { resolveWorkingDir } from './working-dir';

describe('resolveWorkingDir', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.remove());

  it("uses the rootfs for '/' and '', an existing host dir as is", async () => {
    expect(await resolveWorkingDir(dir.path, '/')).toBe(dir.path);
    expect(await resolveWorkingDir(dir.path, '')).toBe(dir.path);
    expect(await resolveWorkingDir(dir.path, '/tmp')).toBe('/tmp');
  });

  it('creates a missing cwd under the rootfs', async () => {
    const cwd = await resolveWorkingDir(dir.path, '/srv/berth-missing/app');
    expect(cwd).toBe(join(dir.path, 'srv/berth-missing/app'));
    expect(existsSync(cwd)).toBe(true);
  });

  it('refuses a cwd that is a file, and a rootfs that is missing', async () => {
    const file = join(dir.path, 'file');
    writeFileSync(file, '');
    await expect(resolveWorkingDir(dir.path, file)).rejects.toThrow(
      `chdir to cwd ("${file}") set in config.json failed: not a directory`,
    );
    await expect(resolveWorkingDir(join(dir.path, 'gone'), '/')).rejects.toThrow(
      `invalid rootfs: stat ${join(dir.path, 'gone')}: no such file or directory`,
    );
  });
});
