/** One network endpoint of a container (what NetworkInitialized records). */
export interface NetworkEndpoint {
  readonly ip: string;
  readonly ipPrefixLen: number;
  readonly gateway: string;
  readonly mac: string;
  /** The network namespace path (Docker's SandboxKey). */
  readonly sandboxKey: string;
}

/** 'none' | 'host' | 'bridge' (Docker's 'default' and '' are bridge). */
export type NetworkModeName = 'none' | 'host' | 'bridge';

export interface NetworkState {
  readonly mode: NetworkModeName;
  readonly endpoints: readonly NetworkEndpoint[];
  /** Namespace for the runtime to join (bridge). Undefined: a new empty netns (none) or the host's (host). */
  readonly netnsPath?: string;
}

/** The network port. */
export interface Network {
  /**
   * Sets up the container's network for `mode` (HostConfig.NetworkMode). Calling it again for
   * the same container returns the same state (at-least-once saga steps). Throws
   * HostResourceError stage 'network' (invalid_parameter for an unknown mode).
   */
  initialize(containerId: string, mode: string): Promise<NetworkState>;
  /** Releases the IP and the namespace; never initialized or already released = done. */
  release(containerId: string): Promise<void>;
}
