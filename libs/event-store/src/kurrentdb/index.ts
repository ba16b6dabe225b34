export { KurrentDbEventStore, type KurrentDbEventStoreOptions } from './kurrentdb-event-store';
export { openKurrentDbEventStore, type OpenKurrentDbEventStoreOptions } from './open-kurrentdb-event-store';
export { withTlsOptions, isKurrentDbConnectionString, type KurrentDbTlsOptions } from './connection-string';
