/** Docker's container id and name rules, and reference lookup (full id, name, unique id prefix). */
import { Errors } from './errors/messages';

const ID = /^[0-9a-f]{64}$/;
const NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export const isValidContainerId = (id: string): boolean => ID.test(id);

/** Returns the name with its leading '/' (as stored and shown), or throws InvalidParameter. */
export const validateContainerName = (name: string): string => {
  if (!NAME.test(name)) throw Errors.invalidName(name);
  return name.startsWith('/') ? name : `/${name}`;
};

/** What resolveContainerReference needs from the read side. */
export interface ContainerIndex {
  /** The id of the container with this name ('/name'), if any. */
  byName(name: string): string | undefined;
  /** Ids of the existing containers starting with the prefix (a full id returns itself). */
  idsWithPrefix(prefix: string): readonly string[];
}

/**
 * dockerd's GetContainer: full id first, then name (with or without '/'), then unique id prefix.
 * Throws NotFound "No such container: <ref>", InvalidParameter for an empty reference or an
 * ambiguous prefix ("multiple IDs found with provided prefix: <ref>").
 */
export const resolveContainerReference = (ref: string, index: ContainerIndex): string => {
  if (ref === '') throw Errors.emptyReference(ref);
  const byPrefix = index.idsWithPrefix(ref);
  if (byPrefix.includes(ref)) return ref;
  const byName = index.byName(ref.startsWith('/') ? ref : `/${ref}`);
  if (byName !== undefined) return byName;
  if (byPrefix.length === 1) return byPrefix[0];
  if (byPrefix.length > 1) throw Errors.ambiguousPrefix(ref);
  throw Errors.noSuchContainer(ref);
};

/** Throws the create conflict when the name belongs to another container. */
export const assertNameAvailable = (name: string, owner: string | undefined): void => {
  if (owner !== undefined) throw Errors.nameInUse(name.startsWith('/') ? name : `/${name}`, owner);
};
