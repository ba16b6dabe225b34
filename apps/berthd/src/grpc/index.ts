export * from './grpc.module';
export * from './grpc-server';
export * from './grpc-config';
export * from './address-file';
export * from './grpc-errors';
export * from './proto-package';
