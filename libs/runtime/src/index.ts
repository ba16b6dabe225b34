export * from './runtime.port';
export * from './process';
