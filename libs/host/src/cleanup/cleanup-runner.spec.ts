import { describe, expect, it } from 'vitest';
import { HostResourceError } from '../errors';
import { CLEANUP_ORDER, planCleanup } from './cleanup-plan';
import { CleanupRunner } from './cleanup-runner';

describe('CleanupRunner', () => {
  it('given steps, then they run in order; failures become warnings and later steps still run', async () => {
    const ran: string[] = [];
    const report = await new CleanupRunner().run([
      { name: 'a', release: async () => void ran.push('a') },
      { name: 'b', release: async () => { ran.push('b'); throw new Error('device busy'); } },
      { name: 'c', release: () => { ran.push('c'); throw new Error('sync throw'); } },
      { name: 'd', release: async () => void ran.push('d') },
    ]);
    expect(ran).toEqual(['a', 'b', 'c', 'd']);
    expect(report).toEqual({ steps: ['a', 'b', 'c', 'd'], warnings: ['b: device busy', 'c: sync throw'] });
  });

  it('given NotFound errors (ENOENT, kind not_found), then they count as done', async () => {
    const enoent = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
    const report = await new CleanupRunner().run([
      { name: 'a', release: () => Promise.reject(enoent) },
      { name: 'b', release: () => Promise.reject(new HostResourceError('No such image', 'mount', 'not_found')) },
      { name: 'c', release: () => Promise.reject(Object.assign(new Error('task not found'), { kind: 'not_found' })) },
    ]);
    expect(report).toEqual({ steps: ['a', 'b', 'c'], warnings: [] });
  });

  it('given a step that hangs, then it times out as a warning and the next step runs', async () => {
    const started = Date.now();
    const report = await new CleanupRunner({ stepTimeoutMs: 50 }).run([
      { name: 'hang', release: () => new Promise(() => undefined) },
      { name: 'next', release: async () => undefined },
    ]);
    expect(report).toEqual({ steps: ['hang', 'next'], warnings: ['hang: timed out after 50 ms'] });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('planCleanup', () => {
  const all = Object.fromEntries(CLEANUP_ORDER.map((name) => [name, async () => undefined]));

  it('given everything acquired, then the steps follow the seed: network, ipc, rootfs, secrets, execs, volumes, attach', () => {
    const steps = planCleanup({ network: true, ipc: true, rootfs: true, secrets: true, volumes: true, baseFs: '/merged' }, all);
    expect(steps.map((step) => step.name)).toEqual([
      'release-network',
      'unmount-ipc',
      'unmount-rootfs',
      'unmount-secrets',
      'unregister-execs',
      'unmount-volumes',
      'cancel-attach',
    ]);
  });

  it('given a start that failed before the base fs was mounted, then only what was acquired is released and volumes are skipped', () => {
    const steps = planCleanup({ volumes: true, secrets: true }, all);
    expect(steps.map((step) => step.name)).toEqual(['unmount-secrets', 'unregister-execs', 'cancel-attach']);
  });
});
