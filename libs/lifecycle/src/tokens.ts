/** Injection tokens of the ports the lifecycle drives. */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const RUNTIME = Symbol('RUNTIME');
export const LIFECYCLE_OPTIONS = Symbol('LIFECYCLE_OPTIONS');
export const HOST = Symbol('HOST');
export const NETWORK = Symbol('NETWORK');
