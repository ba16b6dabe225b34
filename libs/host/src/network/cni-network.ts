import { access, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { HostResourceError, errorMessage } from '../errors';
import { writeFileAtomic } from '../support/atomic-write';
import { assertSafeId } from '../support/container-id';
import { callCniPlugin } from './cni-plugin';
import { endpointFromCniResult } from './cni-result';
import { normalizeNetworkMode } from './network-mode';
import type { Network, NetworkState } from './network.port';
import { addNetns, deleteNetns, netnsExists, netnsPath } from './netns';

export interface CniNetworkOptions {
  /** berth's data dir; CNI state lives in `<dataDir>/network/` (host-local IPAM store, endpoints). */
  readonly dataDir: string;
  /** Linux bridge name (≤ 15 chars). Default `berth0`. */
  readonly bridge?: string;
  /** IPv4 subnet of the bridge, private to this machine. Default `10.213.0.0/24`. */
  readonly subnet?: string;
  /** CNI network name (the IPAM store's subdirectory). Default `berth`. */
  readonly networkName?: string;
  /** Directory of the CNI plugin binaries. Default `/usr/lib/cni` (Debian containernetworking-plugins). */
  readonly cniPath?: string;
  /** Namespace name prefix: `<prefix><first 12 chars of the id>`. Default `berth-`. */
  readonly netnsPrefix?: string;
  /** Bound of each plugin call. Default 30 s. */
  readonly timeoutMs?: number;
}

const CNI_VERSION = '0.4.0';
const SUBNET = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * Networking through the CNI plugins: 'none' and 'host' need nothing on the host; 'bridge' gets
 * a named netns (`ip netns add`), then `loopback` and `bridge` (+ host-local IPAM) ADD.
 * Release = bridge DEL (harmless twice) + `ip netns del`.
 */
export class CniNetwork implements Network {
  readonly bridge: string;
  readonly subnet: string;
  readonly networkName: string;
  readonly cniPath: string;
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly stateDir: string;

  constructor(options: CniNetworkOptions) {
    this.bridge = options.bridge ?? 'berth0';
    this.subnet = options.subnet ?? '10.213.0.0/24';
    this.networkName = options.networkName ?? 'berth';
    this.cniPath = options.cniPath ?? '/usr/lib/cni';
    this.prefix = options.netnsPrefix ?? 'berth-';
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.stateDir = join(resolve(options.dataDir), 'network');
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/.test(this.bridge)) {
      throw new HostResourceError(`invalid bridge name "${this.bridge}": 1 to 15 letters, digits, '.', '_' or '-'`, 'network', 'invalid_parameter');
    }
    const match = SUBNET.exec(this.subnet);
    if (!match || match.slice(1, 5).some((part) => Number(part) > 255) || Number(match[5]) < 8 || Number(match[5]) > 30) {
      throw new HostResourceError(`invalid bridge subnet "${this.subnet}": expected an IPv4 CIDR such as 10.213.0.0/24`, 'network', 'invalid_parameter');
    }
    assertSafeId(this.networkName, 'CNI network name', 'network');
  }

  /** The netns name of a container. */
  netnsName(containerId: string): string {
    return `${this.prefix}${containerId.slice(0, 12)}`;
  }

  async initialize(containerId: string, mode: string): Promise<NetworkState> {
    assertSafeId(containerId, 'container id', 'network');
    const name = normalizeNetworkMode(mode);
    if (name !== 'bridge') return { mode: name, endpoints: [] };
    const cached = await this.readEndpoint(containerId);
    if (cached && (await netnsExists(this.netnsName(containerId)))) return cached;
    await this.checkPlugins();
    await this.release(containerId); // a half-done earlier attempt (crash) starts over clean
    try {
      return await this.connect(containerId);
    } catch (error) {
      await this.release(containerId).catch(() => undefined);
      throw new HostResourceError(
        `cannot connect the container to the bridge network (bridge ${this.bridge}, subnet ${this.subnet}): ${errorMessage(error)}`,
        'network',
        'system',
        { cause: error },
      );
    }
  }

  async release(containerId: string): Promise<void> {
    assertSafeId(containerId, 'container id', 'network');
    const ns = this.netnsName(containerId);
    const endpointFile = this.endpointFile(containerId);
    const holds = (await fileExists(endpointFile)) || (await netnsExists(ns)) || (await this.ipamHolds(containerId));
    if (!holds) return;
    await callCniPlugin({ command: 'DEL', plugin: 'bridge', containerId, netns: netnsPath(ns), ifname: 'eth0', config: this.bridgeConfig(), cniPath: this.cniPath, timeoutMs: this.timeoutMs });
    // The loopback plugin has nothing to release: lo goes away with the namespace.
    await deleteNetns(ns);
    await rm(endpointFile, { force: true });
  }

  private async connect(containerId: string): Promise<NetworkState> {
    const ns = await addNetns(this.netnsName(containerId));
    const base = { containerId, netns: ns, cniPath: this.cniPath, timeoutMs: this.timeoutMs } as const;
    await callCniPlugin({ ...base, command: 'ADD', plugin: 'loopback', ifname: 'lo', config: { cniVersion: CNI_VERSION, name: 'lo', type: 'loopback' } });
    const result = await callCniPlugin({ ...base, command: 'ADD', plugin: 'bridge', ifname: 'eth0', config: this.bridgeConfig() });
    const state: NetworkState = { mode: 'bridge', endpoints: [endpointFromCniResult(result, ns)], netnsPath: ns };
    await mkdir(join(this.stateDir, 'endpoints'), { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.endpointFile(containerId), `${JSON.stringify(state)}\n`, 0o600);
    return state;
  }

  private bridgeConfig(): Record<string, unknown> {
    return {
      cniVersion: CNI_VERSION,
      name: this.networkName,
      type: 'bridge',
      bridge: this.bridge,
      isGateway: true,
      ipMasq: false,
      ipam: { type: 'host-local', subnet: this.subnet, routes: [{ dst: '0.0.0.0/0' }], dataDir: join(this.stateDir, 'ipam') },
    };
  }

  private async checkPlugins(): Promise<void> {
    for (const plugin of ['loopback', 'bridge', 'host-local']) {
      try {
        await access(join(this.cniPath, plugin));
      } catch {
        throw new HostResourceError(
          `CNI plugin ${join(this.cniPath, plugin)} not found: install the Debian package containernetworking-plugins or configure the CNI plugin directory`,
          'network',
          'system',
        );
      }
    }
  }

  /** True when the host-local store still holds an address for the container (files named by IP: `<id>\n<ifname>`). */
  private async ipamHolds(containerId: string): Promise<boolean> {
    const dir = join(this.stateDir, 'ipam', this.networkName);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return false;
    }
    for (const name of names) {
      if (name === 'lock' || name.startsWith('last_reserved_ip')) continue;
      const text = await readFile(join(dir, name), 'utf8').catch(() => '');
      if (text.split('\n')[0]?.trim() === containerId) return true;
    }
    return false;
  }

  private endpointFile(containerId: string): string {
    return join(this.stateDir, 'endpoints', `${containerId}.json`);
  }

  private async readEndpoint(containerId: string): Promise<NetworkState | undefined> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.endpointFile(containerId), 'utf8'));
      if (typeof parsed === 'object' && parsed !== null && 'mode' in parsed && parsed.mode === 'bridge' && 'endpoints' in parsed && Array.isArray(parsed.endpoints)) {
        return parsed as NetworkState;
      }
      return undefined;
    } catch {
      return undefined;
    }
  }
}

async function fileExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
