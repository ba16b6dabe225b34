/**
 * The texts dockerd answers (design.md §2 and docker-engine-api.md), in one place so the
 * decider, the lifecycle and the tests agree on them.
 */
import { conflict, DomainError, invalidParameter, notFound, notModified, systemError } from './domain-error';

export const Errors = {
  // StartContainer, design.md §2 rules 1, 2, 3, 4, 5w, 8
  checkpointNotExperimental: (): DomainError =>
    invalidParameter('checkpoint is only supported in experimental mode'),
  noSuchContainer: (ref: string): DomainError => notFound(`No such container: ${ref}`),
  startPaused: (): DomainError => conflict('cannot start a paused container, try unpause instead'),
  alreadyStarted: (): DomainError => notModified('container already started'),
  hostConfigOnStartWindows: (): DomainError =>
    invalidParameter('Supplying a hostconfig on start is not supported. It should be supplied on create'),
  markedForRemoval: (): DomainError => conflict('container is marked for removal and cannot be started'),

  // Stop / kill / pause / unpause
  alreadyStopped: (): DomainError => notModified('container already stopped'),
  notRunning: (id: string): DomainError => conflict(`Container ${id} is not running`),
  alreadyPaused: (id: string): DomainError => conflict(`Container ${id} is already paused`),
  restarting: (id: string): DomainError =>
    conflict(`Container ${id} is restarting, wait until the container is running`),
  notPaused: (id: string): DomainError => systemError(`Container ${id} is not paused`),
  invalidSignal: (raw: string): DomainError => invalidParameter(`Invalid signal: ${raw}`),

  // Remove (dockerd 20.10 wording)
  removalInProgress: (ref: string): DomainError =>
    conflict(`removal of container ${ref} is already in progress`),
  removeRunning: (state: string, id: string): DomainError =>
    conflict(
      `You cannot remove a ${state} container ${id}. ` +
        (state === 'paused'
          ? 'Unpause and then stop the container before attempting removal or force remove'
          : 'Stop the container before attempting removal or force remove'),
    ),

  // Create and names
  invalidName: (name: string): DomainError =>
    invalidParameter(`Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`),
  invalidId: (id: string): DomainError =>
    invalidParameter(`invalid container ID "${id}": expected 64 lowercase hexadecimal characters`),
  nameInUse: (name: string, id: string): DomainError =>
    conflict(
      `Conflict. The container name "${name}" is already in use by container "${id}". ` +
        'You have to remove (or rename) that container to be able to reuse that name.',
    ),
  alreadyExists: (id: string): DomainError => conflict(`container ${id} already exists`),
  emptyReference: (ref: string): DomainError => invalidParameter(`invalid name or ID supplied: "${ref}"`),
  ambiguousPrefix: (ref: string): DomainError =>
    invalidParameter(`multiple IDs found with provided prefix: ${ref}`),
  noCommand: (): DomainError => invalidParameter('No command specified'),

  // berth: what dockerd serialises with the container lock
  busyStarting: (id: string): DomainError =>
    conflict(`container ${id} is being started: try again when the start has finished`, 'busy'),
  busyCleaningUp: (id: string): DomainError =>
    conflict(
      `container ${id} is being cleaned up after its last run: try again when the cleanup has finished`,
      'busy',
    ),
  outOfOrder: (what: string): DomainError => conflict(what, 'out_of_order'),
} as const;
