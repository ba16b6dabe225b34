/** The container's Config as `docker inspect` shows it, plus Path/Args (inspect's top level). */
export interface ContainerConfig {
  readonly image: string;
  /** Empty when the image/user gave none. */
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
  /** entrypoint[0], else cmd[0]: the process the runtime executes (used by the exit-code mapping). */
  readonly path: string;
  /** The rest of entrypoint, then cmd. */
  readonly args: readonly string[];
  readonly env: readonly string[];
  readonly workingDir: string;
  readonly user: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly tty: boolean;
  /** id[:12] unless given; '' in host network mode (the lifecycle puts the host's name there). */
  readonly hostname: string;
}

/**
 * What CreateContainer takes: the config after the image's defaults were merged in by the caller
 * (the domain knows no images). Path and args are derived, never given.
 */
export interface ContainerConfigInput {
  readonly image: string;
  readonly entrypoint?: readonly string[];
  readonly cmd?: readonly string[];
  readonly env?: readonly string[];
  readonly workingDir?: string;
  readonly user?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly tty?: boolean;
  readonly hostname?: string;
}
