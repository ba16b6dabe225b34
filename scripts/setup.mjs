#!/usr/bin/env node
// One-time set-up shared by `npm start` and `npm test`: npm dependencies (npm ci when
// node_modules is missing or older than the lockfile) and, as root, the Debian packages the
// containerd runtime and its tests need. Safe to run again: it does only what is missing.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const APT_PACKAGES = [
  'containerd',
  'runc',
  'busybox-static',
  'containernetworking-plugins',
  'iproute2',
  'tar',
];

function run(cmd, args, env = {}) {
  console.log(`[setup] ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
}

function npmDependencies() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

function missingDebianPackages() {
  return APT_PACKAGES.filter((name) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

function debianPackages() {
  if (spawnSync('dpkg-query', ['--version']).status !== 0) {
    console.warn(
      '[setup] not a Debian system: install containerd and runc yourself, or run berthd with --runtime process',
    );
    return;
  }
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    console.warn(
      `[setup] missing Debian packages ${missing.join(' ')}; as root: apt-get install -y ${missing.join(' ')}`,
    );
    console.warn('[setup] without containerd, berthd uses the process runtime (no isolation)');
    return;
  }
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], env);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], env);
}

debianPackages();
npmDependencies();
