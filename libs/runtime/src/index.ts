export * from './runtime.port';
