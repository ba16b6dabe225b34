import { describe, expect, it } from 'vitest';
import {
  conflict,
  DomainError,
  forbidden,
  httpStatusOf,
  invalidParameter,
  notFound,
  notModified,
  systemError,
} from './domain-error';

describe('DomainError', () => {
  it("each helper makes its kind, mapped to moby's HTTP status", () => {
    const cases: [DomainError, number][] = [
      [invalidParameter('x'), 400],
      [notFound('x'), 404],
      [conflict('x'), 409],
      [notModified('x'), 304],
      [forbidden('x'), 403],
      [systemError('x'), 500],
    ];
    for (const [error, status] of cases) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toBeInstanceOf(Error);
      expect(error.message).toBe('x');
      expect(httpStatusOf(error.kind)).toBe(status);
    }
  });
});
