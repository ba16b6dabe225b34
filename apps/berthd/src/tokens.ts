/** Injection token of the loaded BerthConfig. */
export const BERTH_CONFIG = Symbol('BERTH_CONFIG');
