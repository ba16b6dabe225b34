/** CreateContainer: validate id, name, config and host config (as dockerd's create), then ContainerCreated. */
import type { ContainerConfig, ContainerConfigInput } from '../config/container-config';
import { adaptHostConfig, normalizeHostConfig } from '../config/normalize-host-config';
import { verifyIncomingHostConfig } from '../config/start-options';
import { verifyHostConfig } from '../config/verify-host-config';
import { invalidParameter } from '../errors/domain-error';
import { Errors } from '../errors/messages';
import type { CreateContainer } from '../commands/user-commands';
import type { ContainerEvent } from '../events/container-events';
import { containerEvent } from '../events/event-types';
import { isValidContainerId, validateContainerName } from '../names';
import type { ContainerState } from '../state/container-state';
import { parseTimestamp } from '../time';

const verifyConfig = (config: ContainerConfigInput): void => {
  const workingDir = config.workingDir ?? '';
  if (workingDir !== '' && !workingDir.startsWith('/')) {
    throw invalidParameter(
      `the working directory '${workingDir}' is invalid, it needs to be an absolute path`,
    );
  }
  for (const entry of config.env ?? []) {
    if (entry.split('=')[0] === '') throw invalidParameter(`invalid environment variable: ${entry}`);
  }
  if ((config.entrypoint ?? []).length === 0 && (config.cmd ?? []).length === 0) throw Errors.noCommand();
};

const buildConfig = (id: string, input: ContainerConfigInput, networkMode: string): ContainerConfig => {
  const entrypoint = [...(input.entrypoint ?? [])];
  const cmd = [...(input.cmd ?? [])];
  const [path, ...args] = entrypoint.length > 0 ? [...entrypoint, ...cmd] : cmd;
  return {
    image: input.image,
    entrypoint,
    cmd,
    path,
    args,
    env: [...(input.env ?? [])],
    workingDir: input.workingDir ?? '',
    user: input.user ?? '',
    labels: { ...(input.labels ?? {}) },
    tty: input.tty ?? false,
    hostname: input.hostname ?? (networkMode === 'host' ? '' : id.slice(0, 12)),
  };
};

const isSameCreation = (state: ContainerState, command: CreateContainer, name: string): boolean =>
  state.exists &&
  state.id === command.data.id &&
  state.name === name &&
  state.created === command.data.createdAt;

export const decideCreate = (command: CreateContainer, state: ContainerState): ContainerEvent[] => {
  const { id, config, hostConfig, createdAt } = command.data;
  if (!isValidContainerId(id)) throw Errors.invalidId(id);
  const name = validateContainerName(command.data.name);
  if (isSameCreation(state, command, name)) return []; // a retried create
  if (state.exists || state.removed) throw Errors.alreadyExists(id);
  parseTimestamp('createdAt', createdAt);
  if (config.image === '') throw invalidParameter('image is required');
  verifyConfig(config);
  verifyIncomingHostConfig(hostConfig);
  verifyHostConfig(hostConfig);
  const normalized = adaptHostConfig(normalizeHostConfig(hostConfig));
  return [
    containerEvent('ContainerCreated', {
      id,
      name,
      config: buildConfig(id, config, normalized.networkMode),
      hostConfig: normalized,
      createdAt,
    }),
  ];
};
