import { describe, expect, it } from 'vitest';
import { jsonLogEntry } from './json-log-entry';

const TIME = '2024-05-01T10:00:00.123456789Z';

describe('jsonLogEntry', () => {
  it("writes Docker's json-file line: log, stream, time, newline", () => {
    expect(jsonLogEntry(Buffer.from('hello\n'), 'stdout', TIME)).toBe(
      `{"log":"hello\\n","stream":"stdout","time":"${TIME}"}\n`,
    );
  });

  it('escapes as moby does: quotes, backslash, control characters, <>&, U+2028', () => {
    const line = jsonLogEntry(Buffer.from('a"b\\c\td<e>&f\u2028\r\n'), 'stderr', TIME);
    expect(line).toContain('"log":"a\\"b\\\\c\\u0009d\\u003ce\\u003e\\u0026f\\u2028\\r\\n"');
    expect((JSON.parse(line) as { log: string }).log).toBe('a"b\\c\td<e>&f\u2028\r\n');
  });

  it('replaces invalid UTF-8 with U+FFFD and keeps valid multibyte text', () => {
    const line = jsonLogEntry(Buffer.from([0x68, 0xff, 0xc3, 0xa9]), 'stdout', TIME);
    expect((JSON.parse(line) as { log: string }).log).toBe('h\ufffdé');
  });
});
