import { Injectable } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import type { UserCommand } from '@berth/domain';
import { CommandExecutor, type ExecuteResult } from '../command-executor';
import {
  CreateContainerCommand,
  KillContainerCommand,
  PauseContainerCommand,
  RemoveContainerCommand,
  StartContainerCommand,
  StopContainerCommand,
  UnpauseContainerCommand,
} from './container-commands';

type Message =
  | CreateContainerCommand
  | StartContainerCommand
  | StopContainerCommand
  | KillContainerCommand
  | PauseContainerCommand
  | UnpauseContainerCommand
  | RemoveContainerCommand;

/** Each handler: load the stream, decide, append with the expected revision (retried on conflict), audit. */
@Injectable()
abstract class ContainerCommandHandler<M extends Message> {
  protected abstract readonly type: UserCommand['type'];
  constructor(private readonly executor: CommandExecutor) {}

  execute(message: M): Promise<ExecuteResult> {
    const command = { type: this.type, data: message.data } as UserCommand;
    return this.executor.execute(message.containerId, command, message.ctx, {
      ...message.options,
      audit: true,
    });
  }
}

@CommandHandler(CreateContainerCommand)
export class CreateContainerHandler extends ContainerCommandHandler<CreateContainerCommand> {
  protected readonly type = 'CreateContainer';
}
@CommandHandler(StartContainerCommand)
export class StartContainerHandler extends ContainerCommandHandler<StartContainerCommand> {
  protected readonly type = 'StartContainer';
}
@CommandHandler(StopContainerCommand)
export class StopContainerHandler extends ContainerCommandHandler<StopContainerCommand> {
  protected readonly type = 'StopContainer';
}
@CommandHandler(KillContainerCommand)
export class KillContainerHandler extends ContainerCommandHandler<KillContainerCommand> {
  protected readonly type = 'KillContainer';
}
@CommandHandler(PauseContainerCommand)
export class PauseContainerHandler extends ContainerCommandHandler<PauseContainerCommand> {
  protected readonly type = 'PauseContainer';
}
@CommandHandler(UnpauseContainerCommand)
export class UnpauseContainerHandler extends ContainerCommandHandler<UnpauseContainerCommand> {
  protected readonly type = 'UnpauseContainer';
}
@CommandHandler(RemoveContainerCommand)
export class RemoveContainerHandler extends ContainerCommandHandler<RemoveContainerCommand> {
  protected readonly type = 'RemoveContainer';
}

export const CONTAINER_COMMAND_HANDLERS = [
  CreateContainerHandler,
  StartContainerHandler,
  StopContainerHandler,
  KillContainerHandler,
  PauseContainerHandler,
  UnpauseContainerHandler,
  RemoveContainerHandler,
];
