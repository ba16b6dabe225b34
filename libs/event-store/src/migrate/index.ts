export { migrateEvents, type MigrateEventsOptions, type MigrateEventsResult } from './migrate-events';
export { parseStoreUrl } from './store-url';
export { MigrationConflictError } from './migration-conflict.error';
