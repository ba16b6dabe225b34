/** HostConfig, Docker-shaped (camelCase). The normalised form stored in events and state. */
export type RestartPolicyName = 'no' | 'always' | 'on-failure' | 'unless-stopped';

export interface RestartPolicy {
  readonly name: RestartPolicyName;
  readonly maximumRetryCount: number;
}

export interface LogConfig {
  /** 'json-file' (default) or 'none'. */
  readonly type: string;
  readonly config: Readonly<Record<string, string>>;
}

/** HostConfig.Mounts entry (`--mount`). */
export interface MountConfig {
  readonly type: 'bind' | 'volume' | 'tmpfs';
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
}

export interface HostConfig {
  /** `src:dst[:mode]` as `-v` gives them. */
  readonly binds: readonly string[];
  readonly mounts: readonly MountConfig[];
  /** 'default' | 'bridge' | 'host' | 'none' | 'container:<ref>' | a network name. Never blank. */
  readonly networkMode: string;
  readonly restartPolicy: RestartPolicy;
  readonly autoRemove: boolean;
  /** Bytes of /dev/shm; 0 is adapted to DEFAULT_SHM_SIZE. */
  readonly shmSize: number;
  /** Container path → mount options ("size=64m,mode=1777"). */
  readonly tmpfs: Readonly<Record<string, string>>;
  readonly readonlyRootfs: boolean;
  readonly securityOpt: readonly string[];
  readonly logConfig: LogConfig;
  readonly dns: readonly string[];
  readonly dnsOptions: readonly string[];
  readonly dnsSearch: readonly string[];
}

/**
 * What CreateContainer / StartContainer take: anything may be missing, and values come from JSON,
 * so names are plain strings until verified. Every HostConfig is also a valid HostConfigInput.
 */
export interface HostConfigInput {
  readonly binds?: readonly string[];
  readonly mounts?: readonly {
    readonly type: string;
    readonly source?: string;
    readonly target?: string;
    readonly readOnly?: boolean;
  }[];
  readonly networkMode?: string;
  readonly restartPolicy?: { readonly name?: string; readonly maximumRetryCount?: number };
  readonly autoRemove?: boolean;
  readonly shmSize?: number;
  readonly tmpfs?: Readonly<Record<string, string>>;
  readonly readonlyRootfs?: boolean;
  readonly securityOpt?: readonly string[];
  readonly logConfig?: { readonly type?: string; readonly config?: Readonly<Record<string, string>> };
  readonly dns?: readonly string[];
  readonly dnsOptions?: readonly string[];
  readonly dnsSearch?: readonly string[];
}

/** dockerd's default /dev/shm size: 64 MiB. */
export const DEFAULT_SHM_SIZE = 64 * 1024 * 1024;
export const DEFAULT_LOG_DRIVER = 'json-file';
export const DEFAULT_NETWORK_MODE = 'default';
