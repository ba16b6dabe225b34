import type { EventStore } from './event-store.port';
import type { KurrentDbTlsOptions } from './kurrentdb/connection-string';
import { redactConnectionString } from './kurrentdb/error-translation';
import { openKurrentDbEventStore } from './kurrentdb/open-kurrentdb-event-store';
import { openSqliteEventStore } from './sqlite/sqlite-event-store';

/** Which event store berth uses: the embedded SQLite file (default) or a KurrentDB node/cluster. */
export type EventStoreConfig =
  | { readonly kind: 'sqlite'; readonly path: string }
  | {
      readonly kind: 'kurrentdb';
      readonly connectionString: string;
      readonly tls?: KurrentDbTlsOptions;
      /** Stream-name prefix, to share one KurrentDB between installations. */
      readonly namespace?: string;
    };

/** Opens the configured adapter. Errors opening it are EventStoreUnavailableError naming the file or server. */
export async function openEventStore(config: EventStoreConfig): Promise<EventStore> {
  switch (config.kind) {
    case 'sqlite':
      return openSqliteEventStore({ path: config.path });
    case 'kurrentdb':
      return openKurrentDbEventStore({
        connectionString: config.connectionString,
        ...(config.tls !== undefined ? { tls: config.tls } : {}),
        ...(config.namespace !== undefined ? { namespace: config.namespace } : {}),
      });
    default:
      throw new Error(
        `unknown event store kind ${JSON.stringify((config as { kind: unknown }).kind)} (expected sqlite or kurrentdb)`,
      );
  }
}

/** Where the configured store is, for logs (never a password). */
export function describeEventStoreConfig(config: EventStoreConfig): string {
  return config.kind === 'sqlite'
    ? `sqlite ${config.path}`
    : `kurrentdb ${redactConnectionString(config.connectionString)}`;
}
