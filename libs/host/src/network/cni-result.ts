import type { NetworkEndpoint } from './network.port';

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * The container endpoint of a CNI (0.4.0 / 1.0.0) ADD result: the first IPv4 address, its
 * gateway, and the MAC of the interface it sits on (the one inside the sandbox).
 */
export function endpointFromCniResult(result: unknown, sandboxKey: string): NetworkEndpoint {
  const root = record(result);
  const ips = Array.isArray(root?.ips) ? root.ips : [];
  const interfaces = Array.isArray(root?.interfaces) ? root.interfaces : [];
  const ip = ips.map(record).find((entry) => typeof entry?.address === 'string' && entry.address.includes('.'));
  if (!ip) throw new Error(`the CNI result has no IPv4 address: ${JSON.stringify(result)}`);
  const [address = '', prefix = ''] = String(ip.address).split('/');
  const ifaceIndex = typeof ip.interface === 'number' ? ip.interface : undefined;
  const iface =
    (ifaceIndex !== undefined ? record(interfaces[ifaceIndex]) : undefined) ??
    interfaces.map(record).find((entry) => typeof entry?.sandbox === 'string');
  return {
    ip: address,
    ipPrefixLen: Number(prefix),
    gateway: typeof ip.gateway === 'string' ? ip.gateway : '',
    mac: typeof iface?.mac === 'string' ? iface.mac : '',
    sandboxKey,
  };
}
