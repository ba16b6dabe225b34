export * from './runtime.port';
export * from './process';
export * from './containerd';
