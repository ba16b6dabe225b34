import type { SagaCommand } from './saga-commands';
import type { UserCommand } from './user-commands';

export type ContainerCommand = UserCommand | SagaCommand;
export type ContainerCommandType = ContainerCommand['type'];
export type ContainerCommandOf<T extends ContainerCommandType> = Extract<ContainerCommand, { type: T }>;

/** What decide knows about the daemon. */
export interface DecideContext {
  readonly experimental: boolean;
  readonly platform: 'linux' | 'windows';
}

export const LINUX: DecideContext = { experimental: false, platform: 'linux' };
