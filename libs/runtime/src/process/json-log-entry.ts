/**
 * One line of Docker's json-file log driver: `{"log":"…","stream":"stdout","time":"…"}\n`.
 * The string escaping follows moby's jsonlog (ffjsonWriteJSONBytesAsString): `\n`, `\r`, `\\`, `\"`
 * escaped by name, other control characters and `<`, `>`, `&` as `\u00XX`, U+2028/U+2029 escaped,
 * and invalid UTF-8 as `\ufffd`.
 */

export type LogStream = 'stdout' | 'stderr';

// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
const ESCAPED = /[\u0000-\u001f"\\<>&\u2028\u2029\ufffd]/g;

function escapeChar(c: string): string {
  switch (c) {
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '"':
      return '\\"';
    case '\\':
      return '\\\\';
    default:
      return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  }
}

/** Encode one log message (its raw bytes, newline included when it has one) as a json-file line. */
export function jsonLogEntry(message: Buffer, stream: LogStream, time: string): string {
  const log = message.toString('utf8').replace(ESCAPED, escapeChar);
  return `{"log":"${log}","stream":"${stream}","time":"${time}"}\n`;
}
