/** TLS settings that may come from berth's config rather than inside the connection string. */
export interface KurrentDbTlsOptions {
  /** false = plain-text gRPC (KurrentDB started with --insecure). Default: the connection string's (which defaults to true). */
  readonly enabled?: boolean;
  /** Verify the server certificate (default true). Turn off only for throw-away test nodes. */
  readonly verifyCert?: boolean;
  /** PEM file of the CA that signed the node certificates (self-signed clusters). */
  readonly caFile?: string;
  /** Client certificate and key files, for X.509 user authentication. */
  readonly certFile?: string;
  readonly keyFile?: string;
}

const SCHEMES = /^(kurrentdb|kurrent|kdb|esdb)(\+discover)?:\/\//i;

/** True for the connection-string schemes the official client accepts. */
export function isKurrentDbConnectionString(text: string): boolean {
  return SCHEMES.test(text);
}

/**
 * Puts TLS options into the connection string as the client's query parameters (`tls`,
 * `tlsVerifyCert`, `tlsCAFile`, `userCertFile`, `userKeyFile`); an option given here replaces the
 * same parameter already in the string. The client has no other public way to take them.
 */
export function withTlsOptions(connectionString: string, tls: KurrentDbTlsOptions | undefined): string {
  if (tls === undefined) return connectionString;
  const params: Array<[string, string | boolean | undefined]> = [
    ['tls', tls.enabled],
    ['tlsVerifyCert', tls.verifyCert],
    ['tlsCAFile', tls.caFile],
    ['userCertFile', tls.certFile],
    ['userKeyFile', tls.keyFile],
  ];
  let result = connectionString;
  for (const [key, value] of params) {
    if (value !== undefined)
      result = setQueryParameter(
        result,
        key,
        typeof value === 'boolean' ? String(value) : encodeURIComponent(value),
      );
  }
  return result;
}

function setQueryParameter(connectionString: string, key: string, value: string): string {
  const queryStart = connectionString.indexOf('?');
  if (queryStart === -1) return `${connectionString}?${key}=${value}`;
  const base = connectionString.slice(0, queryStart);
  const pairs = connectionString
    .slice(queryStart + 1)
    .split('&')
    .filter((pair) => pair !== '' && pair.split('=')[0].toLowerCase() !== key.toLowerCase());
  return `${base}?${[...pairs, `${key}=${value}`].join('&')}`;
}
