import { readAddressFile } from '../../../berthd/src/grpc/address-file';

export const DEFAULT_ADDRESS = '127.0.0.1:8421';

export interface TargetOptions {
  readonly host?: string;
  readonly dataDir: string;
  readonly tlsCa?: string;
}

/** Where berthd is, and how that was decided (for messages). */
export interface Target {
  readonly address: string;
  readonly tls: boolean;
  readonly from: '--host' | 'BERTH_GRPC_ADDR' | 'address file' | 'default';
}

/**
 * --host, else BERTH_GRPC_ADDR (unless it asks berthd for any port), else the address berthd
 * wrote into the data dir (BERTH_DATA_DIR, like berthd), else 127.0.0.1:8421. TLS when a CA is
 * given or the address file says berthd serves TLS.
 */
export function resolveTarget(options: TargetOptions, env: NodeJS.ProcessEnv = process.env): Target {
  const tlsWanted = options.tlsCa !== undefined;
  if (options.host) return { address: options.host, tls: tlsWanted, from: '--host' };
  const fromEnv = env.BERTH_GRPC_ADDR?.trim();
  if (fromEnv && fromEnv !== 'off' && !/(^|:)0$/.test(fromEnv)) {
    return {
      address: /^\d+$/.test(fromEnv) ? `127.0.0.1:${fromEnv}` : fromEnv,
      tls: tlsWanted,
      from: 'BERTH_GRPC_ADDR',
    };
  }
  const file = readAddressFile(options.dataDir);
  if (file) return { address: file.address, tls: tlsWanted || file.tls, from: 'address file' };
  return { address: DEFAULT_ADDRESS, tls: tlsWanted, from: 'default' };
}
