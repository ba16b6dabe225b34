import type { CreateContainerRequest } from '../../../berthd/src/grpc/generated/berth/v1/CreateContainerRequest';
import type { HostConfig } from '../../../berthd/src/grpc/generated/berth/v1/HostConfig';
import { CliError } from '../client/cli-error';

/** `berth create` options (Docker's names). */
export interface CreateOptions {
  readonly name?: string;
  readonly rm?: boolean;
  readonly restart?: string;
  readonly env: string[];
  readonly label: string[];
  readonly volume: string[];
  readonly tmpfs: string[];
  readonly securityOpt: string[];
  readonly dns: string[];
  readonly entrypoint?: string;
  readonly workdir?: string;
  readonly user?: string;
  readonly hostname?: string;
  readonly network?: string;
  readonly readOnly?: boolean;
  readonly shmSize?: string;
  readonly logDriver?: string;
  readonly tty?: boolean;
  readonly commandId?: string;
}

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** "no", "always", "unless-stopped", "on-failure[:N]". */
export function parseRestart(value: string): { name: string; maximumRetryCount: number } {
  const match = /^(no|always|unless-stopped|on-failure)(?::(\d+))?$/.exec(value);
  if (!match || (match[2] !== undefined && match[1] !== 'on-failure')) {
    throw new CliError(
      `invalid restart policy "${value}" (no, always, unless-stopped, on-failure[:max-retries])`,
    );
  }
  return { name: match[1]!, maximumRetryCount: Number(match[2] ?? 0) };
}

/** "64m", "1g", "1048576" → bytes. */
export function parseBytes(value: string): number {
  const match = /^(\d+)([bkmg]?)$/i.exec(value);
  if (!match) throw new CliError(`invalid size "${value}" (a number with an optional unit b, k, m, g)`);
  const unit = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[
    match[2]!.toLowerCase() as '' | 'b' | 'k' | 'm' | 'g'
  ];
  return Number(match[1]) * unit;
}

function pairs(values: readonly string[], what: string, separator: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf(separator);
    if (at <= 0) throw new CliError(`invalid ${what} "${value}" (expected key${separator}value)`);
    out[value.slice(0, at)] = value.slice(at + 1);
  }
  return out;
}

export function createRequest(
  image: string,
  command: readonly string[],
  options: CreateOptions,
): CreateContainerRequest {
  const hostConfig: HostConfig = {
    binds: options.volume,
    networkMode: options.network ?? '',
    restartPolicy: options.restart ? parseRestart(options.restart) : null,
    ...(options.rm ? { autoRemove: true } : {}),
    ...(options.shmSize ? { shmSize: parseBytes(options.shmSize) } : {}),
    ...(options.readOnly ? { readonlyRootfs: true } : {}),
    tmpfs: Object.fromEntries(
      options.tmpfs.map((t) =>
        t.includes(':') ? [t.slice(0, t.indexOf(':')), t.slice(t.indexOf(':') + 1)] : [t, ''],
      ),
    ),
    securityOpt: options.securityOpt,
    dns: options.dns,
    logConfig: options.logDriver ? { type: options.logDriver, config: {} } : null,
  };
  return {
    name: options.name ?? '',
    commandId: options.commandId ?? '',
    config: {
      image,
      cmd: [...command],
      entrypoint: options.entrypoint !== undefined ? [options.entrypoint] : [],
      env: options.env,
      labels: pairs(options.label, 'label', '='),
      workingDir: options.workdir ?? '',
      user: options.user ?? '',
      hostname: options.hostname ?? '',
      tty: options.tty === true,
    },
    hostConfig,
  };
}
