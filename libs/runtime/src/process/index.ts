export { ProcessRuntime, type ProcessRuntimeOptions } from './process-runtime';
export { isProcessAlive, readProcessState } from './process-status';
export { DOCKER_DEFAULT_PATH, resolveExecutable } from './resolve-executable';
