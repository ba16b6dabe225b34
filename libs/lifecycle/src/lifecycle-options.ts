export type EventStoreOptions =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'kurrentdb'; readonly connectionString: string };

export interface LifecycleOptions {
  readonly dataDir: string;
  readonly eventStore: EventStoreOptions;
  readonly experimental: boolean;
  readonly runtime: RuntimeOptions;
  /** Bridge network settings (default bridge berth0, subnet 10.213.0.0/24). */
  readonly network?: { readonly bridge?: string; readonly subnet?: string };
}

export type RuntimeOptions =
  /** Host processes, NO isolation: development and fast tests. */
  | { readonly kind: 'process' }
  /** containerd over gRPC: `address` of a running containerd, or undefined to run one (managed). */
  | { readonly kind: 'containerd'; readonly address?: string; readonly namespace: string };
