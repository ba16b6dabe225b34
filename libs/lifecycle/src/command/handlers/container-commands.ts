import { Command } from '@nestjs/cqrs';
import type {
  CreateContainer,
  KillContainer,
  PauseContainer,
  RemoveContainer,
  StartContainer,
  StopContainer,
  UnpauseContainer,
  UserCommand,
} from '@berth/domain';
import type { CommandContext } from '../command-context';
import type { ExecuteOptions, ExecuteResult } from '../command-executor';

/** A user command on the CQRS CommandBus: the container id it targets, the domain command, who sent it. */
abstract class ContainerCommandMessage<C extends UserCommand> extends Command<ExecuteResult> {
  constructor(
    readonly containerId: string,
    readonly data: C['data'],
    readonly ctx: CommandContext,
    readonly options: Pick<ExecuteOptions, 'beforeAppend'> = {},
  ) {
    super();
  }
}

export class CreateContainerCommand extends ContainerCommandMessage<CreateContainer> {}
export class StartContainerCommand extends ContainerCommandMessage<StartContainer> {}
export class StopContainerCommand extends ContainerCommandMessage<StopContainer> {}
export class KillContainerCommand extends ContainerCommandMessage<KillContainer> {}
export class PauseContainerCommand extends ContainerCommandMessage<PauseContainer> {}
export class UnpauseContainerCommand extends ContainerCommandMessage<UnpauseContainer> {}
export class RemoveContainerCommand extends ContainerCommandMessage<RemoveContainer> {}
