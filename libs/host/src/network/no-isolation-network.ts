import type { Network, NetworkState } from './network.port';
import { normalizeNetworkMode } from './network-mode';

/**
 * The network of the process runtime, which runs containers as plain host processes: every
 * mode is accepted (unknown ones refused as by the bridge network) and shares the host's network.
 * NO isolation: for development and fast tests only.
 */
export class NoIsolationNetwork implements Network {
  async initialize(_containerId: string, mode: string): Promise<NetworkState> {
    return { mode: normalizeNetworkMode(mode), endpoints: [] };
  }

  async release(): Promise<void> {}
}
