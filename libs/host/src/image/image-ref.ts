import { HostResourceError } from '../errors';
import type { ImageName, ImageRecord } from './image';

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?';
const REPO = new RegExp(`^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const FULL_ID = /^(?:sha256:)?([0-9a-f]{64})$/;
const ID_PREFIX = /^(?:sha256:)?([0-9a-f]{1,63})$/;

/** `repo:tag` from an ImageName (tag defaults to latest); throws invalid_parameter for a bad name. */
export function formatRepoTag(name: ImageName): string | undefined {
  if (name.repo === undefined || name.repo === '') {
    if (name.tag) throw new HostResourceError(`invalid reference format: tag "${name.tag}" given without a repository`, 'mount', 'invalid_parameter');
    return undefined;
  }
  const tag = name.tag || 'latest';
  if (!REPO.test(name.repo)) {
    throw new HostResourceError(`invalid reference format: repository name "${name.repo}" must be lowercase letters, digits and separators`, 'mount', 'invalid_parameter');
  }
  if (!TAG.test(tag)) throw new HostResourceError(`invalid reference format: tag "${tag}"`, 'mount', 'invalid_parameter');
  return `${name.repo}:${tag}`;
}

/** Splits `repo[:tag]` (a `:port` in the domain is not a tag); undefined when it is not a valid name. */
export function parseRepoTag(ref: string): string | undefined {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  const hasTag = colon > slash;
  const repo = hasTag ? ref.slice(0, colon) : ref;
  const tag = hasTag ? ref.slice(colon + 1) : 'latest';
  return REPO.test(repo) && TAG.test(tag) ? `${repo}:${tag}` : undefined;
}

/** The hex of a full image id, or undefined. */
export function fullIdHex(ref: string): string | undefined {
  return FULL_ID.exec(ref)?.[1];
}

/** Resolves a reference as dockerd does: full id, then repo:tag, then a unique id prefix. */
export function resolveImage(images: readonly ImageRecord[], ref: string): ImageRecord | undefined {
  const hex = fullIdHex(ref);
  if (hex) return images.find((image) => image.id === `sha256:${hex}`);
  const repoTag = parseRepoTag(ref);
  const tagged = repoTag ? images.find((image) => image.repoTags.includes(repoTag)) : undefined;
  if (tagged) return tagged;
  const prefix = ID_PREFIX.exec(ref)?.[1];
  if (!prefix) return undefined;
  const matches = images.filter((image) => image.id.startsWith(`sha256:${prefix}`));
  return matches.length === 1 ? matches[0] : undefined;
}
