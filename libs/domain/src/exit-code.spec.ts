import { describe, expect, it } from 'vitest';
import { ENOTDIR_HINT, mapRuntimeError } from './exit-code';
import { RUNC } from './testing/runc-messages';

describe("mapRuntimeError (the seed's exit-code mapping, real runc messages)", () => {
  it('a missing absolute binary → 127, message unchanged', () => {
    expect(mapRuntimeError('/bin/nope', RUNC.missingBinary)).toEqual({
      exitCode: 127,
      message: RUNC.missingBinary,
    });
  });

  it('a relative name not on PATH → 127', () => {
    expect(mapRuntimeError('nope', RUNC.notOnPath).exitCode).toBe(127);
  });

  it('a file that is not executable → 126', () => {
    expect(mapRuntimeError('/bin/noexec', RUNC.notExecutable)).toEqual({
      exitCode: 126,
      message: RUNC.notExecutable,
    });
  });

  it('a file bound onto a directory (ENOTDIR) → 127 with the mount hint appended', () => {
    const mapped = mapRuntimeError('/bin/sleep', RUNC.bindFileOntoDir);
    expect(mapped.exitCode).toBe(127);
    expect(mapped.message).toBe(RUNC.bindFileOntoDir + ENOTDIR_HINT);
    expect(
      mapped.message.endsWith(
        'not a directory: unknown: Are you trying to mount a directory onto a file (or vice-versa)? Check if the specified host path exists and is the expected type',
      ),
    ).toBe(true);
  });

  it('"no such file or directory" about something else than the command → 128', () => {
    expect(mapRuntimeError('/bin/echo', RUNC.bindSourceMissing)).toEqual({
      exitCode: 128,
      message: RUNC.bindSourceMissing,
    });
    expect(mapRuntimeError('/bin/echo', RUNC.rootfsMissing).exitCode).toBe(128);
  });

  it('anything else → 128', () => {
    expect(mapRuntimeError('/bin/true', 'context deadline exceeded').exitCode).toBe(128);
  });

  it('matches case-insensitively on the text but not on the path (as the seed: only the haystack is lower-cased)', () => {
    expect(
      mapRuntimeError('/bin/nope', 'EXEC: "/BIN/NOPE": STAT /BIN/NOPE: NO SUCH FILE OR DIRECTORY').exitCode,
    ).toBe(127);
    expect(mapRuntimeError('/bin/noexec', 'exec: "/bin/noexec": Permission Denied').exitCode).toBe(126);
    expect(
      mapRuntimeError('/Bin/Nope', RUNC.missingBinary.replace(/\/bin\/nope/g, '/Bin/Nope')).exitCode,
    ).toBe(128);
  });

  it('a short path found anywhere in the text counts (dockerd does the same: "sh" is in "shim")', () => {
    expect(mapRuntimeError('sh', RUNC.rootfsMissing).exitCode).toBe(127);
  });
});
