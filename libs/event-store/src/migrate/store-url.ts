import type { EventStoreConfig } from '../open-event-store';
import { isKurrentDbConnectionString } from '../kurrentdb/connection-string';

const USAGE =
  'expected sqlite:<file> or kurrentdb://host:2113?tls=false (also kurrentdb:<connection string>)';

/**
 * A store given on the command line (`berth migrate --from … --to …`) as the config openEventStore takes:
 * - `sqlite:<file>` (`sqlite:./events.db`, `sqlite:/var/lib/berth/events.db`, `sqlite:///var/lib/berth/events.db`)
 * - a KurrentDB connection string (`kurrentdb://…`, `kurrentdb+discover://…`, `esdb://…`)
 * - `kurrentdb:` followed by one of those, or by `host:port[?options]`
 */
export function parseStoreUrl(url: string): EventStoreConfig {
  const text = url.trim();
  if (isKurrentDbConnectionString(text)) return { kind: 'kurrentdb', connectionString: text };
  const colon = text.indexOf(':');
  const scheme = colon === -1 ? '' : text.slice(0, colon).toLowerCase();
  const rest = colon === -1 ? '' : text.slice(colon + 1);
  if (scheme === 'sqlite') {
    const path = rest.startsWith('//') ? rest.slice(2) : rest;
    if (path === '') throw new Error(`store URL ${JSON.stringify(url)} names no file: ${USAGE}`);
    return { kind: 'sqlite', path };
  }
  if (scheme === 'kurrentdb') {
    if (isKurrentDbConnectionString(rest)) return { kind: 'kurrentdb', connectionString: rest };
    if (rest === '') throw new Error(`store URL ${JSON.stringify(url)} names no server: ${USAGE}`);
    return { kind: 'kurrentdb', connectionString: `kurrentdb://${rest}` };
  }
  throw new Error(`unknown store URL ${JSON.stringify(url)}: ${USAGE}`);
}
