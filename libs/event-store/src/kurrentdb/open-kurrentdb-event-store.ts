import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { EventStoreUnavailableError } from '../errors';
import { isKurrentDbConnectionString, withTlsOptions, type KurrentDbTlsOptions } from './connection-string';
import { isStreamNotFound, redactConnectionString, translateClientError } from './error-translation';
import { KurrentDbEventStore } from './kurrentdb-event-store';

export interface OpenKurrentDbEventStoreOptions {
  /** e.g. `kurrentdb://localhost:2113?tls=false`, `kurrentdb+discover://admin:changeit@cluster.local:2113`. */
  readonly connectionString: string;
  readonly tls?: KurrentDbTlsOptions;
  /** Prefix of every stream (several installations or test runs in one KurrentDB). Default ''. */
  readonly namespace?: string;
  /** See KurrentDbEventStoreOptions.dedupWindow. */
  readonly dedupWindow?: number;
  /** Make one read at open so a wrong address or credentials fail now, not at the first append. Default true. */
  readonly verifyConnection?: boolean;
}

/** Opens the KurrentDB adapter. Throws EventStoreUnavailableError (naming the server, never the password). */
export async function openKurrentDbEventStore(
  options: OpenKurrentDbEventStoreOptions,
): Promise<KurrentDbEventStore> {
  const connectionString = withTlsOptions(options.connectionString, options.tls);
  const location = redactConnectionString(connectionString);
  if (!isKurrentDbConnectionString(connectionString)) {
    throw new EventStoreUnavailableError(
      `not a KurrentDB connection string: ${location} (expected kurrentdb://host:2113?tls=false or kurrentdb+discover://...)`,
      location,
    );
  }
  let client: KurrentDBClient;
  try {
    client = KurrentDBClient.connectionString(connectionString);
  } catch (error) {
    throw new EventStoreUnavailableError(
      `invalid KurrentDB connection string ${location}: ${String(error)}`,
      location,
      {
        cause: error,
      },
    );
  }
  if (options.verifyConnection ?? true) await probe(client, location);
  return new KurrentDbEventStore(client, {
    location,
    ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
    ...(options.dedupWindow !== undefined ? { dedupWindow: options.dedupWindow } : {}),
  });
}

async function probe(client: KurrentDBClient, location: string): Promise<void> {
  try {
    for await (const _event of client.readStream('berth-checkpoints-$probe', { maxCount: 1 })) break;
  } catch (error) {
    if (isStreamNotFound(error)) return;
    await client.dispose().catch(() => undefined);
    const translated = translateClientError(error, { location });
    throw translated instanceof EventStoreUnavailableError
      ? translated
      : new EventStoreUnavailableError(
          `KurrentDB at ${location} cannot be used: ${String(error)}`,
          location,
          { cause: error },
        );
  }
}
