import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';
import { diffStates } from './state-diff';
import { failureWords, durationWords } from './words';

describe('state diff', () => {
  it('lists the changed leaves by path, arrays whole, keys that appeared or vanished', () => {
    expect(diffStates({ a: 1, b: { c: 2, d: [1] } }, { a: 1, b: { c: 3, d: [1, 2] }, e: 'x' })).toEqual([
      { path: 'b.c', before: 2, after: 3 },
      { path: 'b.d', before: [1], after: [1, 2] },
      { path: 'e', before: undefined, after: 'x' },
    ]);
    expect(diffStates({ a: { b: 1 } }, {})).toEqual([{ path: 'a', before: { b: 1 }, after: undefined }]);
    expect(diffStates({ same: [1, { x: 2 }] }, { same: [1, { x: 2 }] })).toEqual([]);
  });

  it('compares JSON regardless of key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: undefined } })).toBe('{"a":{"d":2},"b":1}');
  });
});

describe('failure words', () => {
  it('reads the exit-code rules backwards', () => {
    expect(
      failureWords('exec: "/bin/nope": stat /bin/nope: no such file or directory', '/bin/nope', 127),
    ).toBe('/bin/nope does not exist in the image');
    expect(failureWords('exec: "/etc/passwd": permission denied', '/etc/passwd', 126)).toBe(
      '/etc/passwd is not executable (permission denied)',
    );
    expect(failureWords('mount /x: not a directory', '/bin/sh', 127)).toMatch(
      /^a mount target is not a directory/,
    );
    expect(failureWords('cgroup: out of pids', '/bin/sh', 128)).toBe('cgroup: out of pids');
    expect([durationWords(12.4), durationWords(1500), durationWords(125_000)]).toEqual([
      '12 ms',
      '1.5 s',
      '2 min 5 s',
    ]);
  });
});
