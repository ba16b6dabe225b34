import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DOCKER_DEFAULT_PATH, pathFromEnv, resolveExecutable } from './resolve-executable';
import { tempDir } from './testing/task-spec.fixture';

describe('resolveExecutable', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir();
    mkdirSync(join(dir.path, 'bin'));
    writeFileSync(join(dir.path, 'bin', 'tool'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(join(dir.path, 'bin', 'plain'), 'data\n', { mode: 0o644 });
  });
  afterEach(() => dir.remove());

  it('resolves a name containing a slash relative to the working dir', async () => {
    expect(await resolveExecutable('bin/tool', dir.path, '')).toBe(join(dir.path, 'bin', 'tool'));
    expect(await resolveExecutable('./bin/tool', dir.path, '')).toBe(join(dir.path, 'bin', 'tool'));
  });

  it('reports a missing relative path with the name as given', async () => {
    await expect(resolveExecutable('./bin/nope', dir.path, '')).rejects.toThrow(
      'exec: "./bin/nope": stat ./bin/nope: no such file or directory',
    );
  });

  it('reports a path through a file as not a directory', async () => {
    await expect(resolveExecutable('bin/plain/x', dir.path, '')).rejects.toThrow(
      'exec: "bin/plain/x": stat bin/plain/x: not a directory',
    );
  });

  it('skips PATH entries where the name is missing or not executable', async () => {
    const path = `/nowhere:${join(dir.path, 'bin')}`;
    expect(await resolveExecutable('tool', '/', path)).toBe(join(dir.path, 'bin', 'tool'));
    await expect(resolveExecutable('plain', '/', path)).rejects.toThrow(
      'exec: "plain": executable file not found in $PATH',
    );
  });

  it('treats an empty PATH entry as the working dir', async () => {
    expect(await resolveExecutable('tool', join(dir.path, 'bin'), '/nowhere:')).toBe(
      join(dir.path, 'bin', 'tool'),
    );
  });
});

describe('pathFromEnv', () => {
  it("takes the env's last PATH, else Docker's default", () => {
    expect(pathFromEnv(['A=1', 'PATH=/a', 'PATH=/b'])).toBe('/b');
    expect(pathFromEnv(['A=1'])).toBe(DOCKER_DEFAULT_PATH);
    expect(DOCKER_DEFAULT_PATH).toBe('/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  });
});
