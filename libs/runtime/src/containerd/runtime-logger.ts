/** What the containerd adapter logs through (Nest's Logger fits). */
export interface RuntimeLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: RuntimeLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };
