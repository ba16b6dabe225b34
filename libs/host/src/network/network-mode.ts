import { HostResourceError } from '../errors';
import type { NetworkModeName } from './network.port';

/** HostConfig.NetworkMode → the mode berth runs: '' and 'default' are Docker's names for bridge. */
export function normalizeNetworkMode(mode: string): NetworkModeName {
  switch (mode) {
    case '':
    case 'default':
    case 'bridge':
      return 'bridge';
    case 'none':
    case 'host':
      return mode;
    default:
      if (mode.startsWith('container:')) {
        throw new HostResourceError(`NetworkMode "${mode}" is not implemented: use none, host or bridge`, 'network', 'invalid_parameter');
      }
      throw new HostResourceError(
        `invalid NetworkMode "${mode}": berth supports none, host, bridge and default`,
        'network',
        'invalid_parameter',
      );
  }
}
