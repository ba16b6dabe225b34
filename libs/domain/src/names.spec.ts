import { describe, expect, it } from 'vitest';
import { DomainError } from './errors/domain-error';
import {
  assertNameAvailable,
  type ContainerIndex,
  isValidContainerId,
  resolveContainerReference,
  validateContainerName,
} from './names';

const A = 'abc1' + '0'.repeat(60);
const B = 'abc2' + '0'.repeat(60);
const C = 'def0' + '1'.repeat(60);

const index: ContainerIndex = {
  byName: (name) => ({ '/web': C, '/db': A, [`/${B.slice(0, 12)}`]: A })[name],
  idsWithPrefix: (prefix) => [A, B, C].filter((id) => id.startsWith(prefix)),
};

const refusal = (fn: () => unknown): { kind: string; message: string } => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return { kind: error.kind, message: error.message };
  }
  throw new Error('expected a DomainError');
};

describe('container ids', () => {
  it('are 64 lowercase hex characters', () => {
    expect(isValidContainerId(A)).toBe(true);
    expect(isValidContainerId(A.toUpperCase())).toBe(false);
    expect(isValidContainerId(A.slice(1))).toBe(false);
    expect(isValidContainerId(`${A.slice(1)}g`)).toBe(false);
  });
});

describe('container names', () => {
  it("accept Docker's pattern, with or without the leading slash, and store it with the slash", () => {
    expect(validateContainerName('web')).toBe('/web');
    expect(validateContainerName('/web-1.a_b')).toBe('/web-1.a_b');
  });

  it("refuse anything else with Docker's message", () => {
    for (const name of ['', 'a', '-web', 'we b', 'web/1', '//web', 'wéb']) {
      expect(refusal(() => validateContainerName(name))).toEqual({
        kind: 'invalid_parameter',
        message: `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`,
      });
    }
  });

  it('a name in use → the create conflict, naming the owner', () => {
    expect(refusal(() => assertNameAvailable('web', C))).toEqual({
      kind: 'conflict',
      message: `Conflict. The container name "/web" is already in use by container "${C}". You have to remove (or rename) that container to be able to reuse that name.`,
    });
    expect(() => assertNameAvailable('web', undefined)).not.toThrow();
  });
});

describe('resolveContainerReference', () => {
  it('a full id', () => expect(resolveContainerReference(A, index)).toBe(A));

  it('a name, with or without the leading slash', () => {
    expect(resolveContainerReference('web', index)).toBe(C);
    expect(resolveContainerReference('/web', index)).toBe(C);
  });

  it('a unique id prefix', () => {
    expect(resolveContainerReference('d', index)).toBe(C);
    expect(resolveContainerReference('abc1', index)).toBe(A);
  });

  it('a name wins over an id prefix that looks the same', () => {
    expect(resolveContainerReference(B.slice(0, 12), index)).toBe(A);
  });

  it("an ambiguous prefix → InvalidParameter with moby's text", () => {
    expect(refusal(() => resolveContainerReference('abc', index))).toEqual({
      kind: 'invalid_parameter',
      message: 'multiple IDs found with provided prefix: abc',
    });
  });

  it('nothing matches → NotFound "No such container: <ref>"', () => {
    expect(refusal(() => resolveContainerReference('nope', index))).toEqual({
      kind: 'not_found',
      message: 'No such container: nope',
    });
  });

  it('an empty reference → InvalidParameter', () => {
    expect(refusal(() => resolveContainerReference('', index))).toEqual({
      kind: 'invalid_parameter',
      message: 'invalid name or ID supplied: ""',
    });
  });
});
