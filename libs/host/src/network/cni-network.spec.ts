import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostResourceError } from '../errors';
import { CniNetwork } from './cni-network';

/** Test-only bridge and subnet (10.214.<n>.0/24), so the tests never touch a running berthd's berth0 / 10.213.0.0/24. */
const n = 100 + (process.pid % 100);
const bridge = `btst${process.pid % 100000}`;
const subnet = `10.214.${n}.0/24`;
const prefix = `btst${n}-`;

const netnsList = (): string[] =>
  execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(prefix));

const newId = (): string => randomBytes(32).toString('hex');

describe('CniNetwork (real netns and CNI plugins, root)', () => {
  let work: string;
  let network: CniNetwork;
  const used: string[] = [];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'berth-net-'));
    network = new CniNetwork({ dataDir: work, bridge, subnet, networkName: `btst${n}`, netnsPrefix: prefix });
  });

  afterAll(async () => {
    for (const id of used) await network.release(id).catch(() => undefined);
    spawnSync('ip', ['link', 'del', bridge], { stdio: 'ignore' });
    await rm(work, { recursive: true, force: true });
    expect(netnsList()).toEqual([]);
  });

  const heldIps = async (): Promise<string[]> => {
    const names = await readdir(join(work, 'network', 'ipam', `btst${n}`)).catch(() => []);
    return names.filter((name) => /^\d+\.\d+\.\d+\.\d+$/.test(name));
  };

  it('given modes none and host, then no endpoint and no namespace are made', async () => {
    const id = newId();
    expect(await network.initialize(id, 'none')).toEqual({ mode: 'none', endpoints: [] });
    expect(await network.initialize(id, 'host')).toEqual({ mode: 'host', endpoints: [] });
    expect(netnsList()).toEqual([]);
    await network.release(id);
  });

  it.each(['overlay', 'container:abc', 'mynet'])('given NetworkMode %s, then it is an invalid parameter naming NetworkMode', async (mode) => {
    const error = await network.initialize(newId(), mode).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HostResourceError);
    expect(error).toMatchObject({ stage: 'network', kind: 'invalid_parameter', message: expect.stringContaining(`NetworkMode "${mode}"`) });
  });

  it('given two bridge containers, then each gets its own IP in the subnet inside its own netns; re-initialize returns the same', async () => {
    const [a, b] = [newId(), newId()];
    used.push(a, b);
    const first = await network.initialize(a, 'bridge');
    const second = await network.initialize(b, 'default');
    expect(first.mode).toBe('bridge');
    expect(second.mode).toBe('bridge');
    const [ea] = first.endpoints;
    const [eb] = second.endpoints;
    expect(ea?.ip).toMatch(new RegExp(`^10\\.214\\.${n}\\.\\d+$`));
    expect(eb?.ip).toMatch(new RegExp(`^10\\.214\\.${n}\\.\\d+$`));
    expect(ea?.ip).not.toBe(eb?.ip);
    expect(ea).toMatchObject({ gateway: `10.214.${n}.1`, ipPrefixLen: 24, sandboxKey: `/var/run/netns/${prefix}${a.slice(0, 12)}` });
    expect(ea?.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(first.netnsPath).toBe(ea?.sandboxKey);
    expect(netnsList().sort()).toEqual([`${prefix}${a.slice(0, 12)}`, `${prefix}${b.slice(0, 12)}`].sort());

    const inside = execFileSync('ip', ['netns', 'exec', `${prefix}${a.slice(0, 12)}`, 'ip', '-4', '-o', 'addr', 'show'], { encoding: 'utf8' });
    expect(inside).toContain(`${ea?.ip}/24`);
    expect(inside).toContain('127.0.0.1/8');

    expect(await network.initialize(a, 'bridge')).toEqual(first);
    expect(netnsList()).toHaveLength(2);
  });

  it('given a bridge container, when released (twice), then its netns is gone and host-local no longer holds its IP', async () => {
    const id = newId();
    used.push(id);
    const state = await network.initialize(id, 'bridge');
    const ip = state.endpoints[0]?.ip ?? '';
    expect(await heldIps()).toContain(ip);
    await network.release(id);
    await network.release(id);
    expect(netnsList()).not.toContain(`${prefix}${id.slice(0, 12)}`);
    expect(await heldIps()).not.toContain(ip);

    const next = newId();
    used.push(next);
    const again = await network.initialize(next, 'bridge');
    expect(again.endpoints[0]?.ip).toMatch(new RegExp(`^10\\.214\\.${n}\\.\\d+$`));
    await network.release(next);
    expect(await heldIps()).not.toContain(again.endpoints[0]?.ip);
  });

  it('given a half-done earlier attempt (netns and IP, no record), when initialized again, then it starts over holding one IP', async () => {
    const id = newId();
    used.push(id);
    const before = await network.initialize(id, 'bridge');
    await rm(join(work, 'network', 'endpoints', `${id}.json`)); // as if the process died right after ADD
    const after = await network.initialize(id, 'bridge');
    expect(netnsList().filter((name) => name === `${prefix}${id.slice(0, 12)}`)).toHaveLength(1);
    const held = await heldIps();
    expect(held).toContain(after.endpoints[0]?.ip);
    expect(after.endpoints[0]?.ip === before.endpoints[0]?.ip || !held.includes(before.endpoints[0]?.ip ?? '')).toBe(true);
    await network.release(id);
  });

  it('given a container never initialized, when released, then it is done', async () => {
    await network.release(newId());
  });

  it('given a CNI plugin dir without plugins, then the network-stage error names the path and nothing is left', async () => {
    const broken = new CniNetwork({ dataDir: work, bridge, subnet, networkName: `btst${n}`, netnsPrefix: prefix, cniPath: join(work, 'no-cni') });
    const id = newId();
    await expect(broken.initialize(id, 'bridge')).rejects.toMatchObject({
      stage: 'network',
      message: expect.stringContaining(join(work, 'no-cni', 'loopback')),
    });
    expect(netnsList()).not.toContain(`${prefix}${id.slice(0, 12)}`);
  });

  it('given a bad bridge setting, then the constructor names it', () => {
    expect(() => new CniNetwork({ dataDir: work, subnet: '10.214.0.0' })).toThrow(/invalid bridge subnet "10.214.0.0"/);
    expect(() => new CniNetwork({ dataDir: work, bridge: 'a-very-long-bridge-name' })).toThrow(/invalid bridge name/);
  });
});
