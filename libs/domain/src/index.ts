// @berth/domain — the container aggregate as a pure decider (no Nest, no I/O, no clock, no randomness).
export * from './errors/domain-error';
export { Errors } from './errors/messages';

export type { ContainerConfig, ContainerConfigInput } from './config/container-config';
export * from './config/host-config';
export { parseBind, isValidMountMode, type ParsedBind } from './config/binds';
export { verifyHostConfig, verifyRestartPolicy, verifyNetworkMode } from './config/verify-host-config';
export {
  verifyIncomingHostConfig,
  verifySecurityOptions,
  verifyLogConfig,
  verifyBinds,
} from './config/start-options';
export { normalizeHostConfig, adaptHostConfig } from './config/normalize-host-config';

export type * from './events/container-events';
export type { MountRecord, NetworkEndpoint } from './events/resources';
export * from './events/event-types';

export type * from './commands/user-commands';
export type * from './commands/saga-commands';
export * from './commands/container-command';

export * from './state/container-state';
export { decide } from './decide';
export { evolve, evolveAll } from './evolve';
export { DEFAULT_STOP_TIMEOUT_SECONDS } from './decisions/stop-kill';

export * from './exit-code';
export * from './names';
export * from './signals';
export * from './restart-policy';
export * from './start-saga';
