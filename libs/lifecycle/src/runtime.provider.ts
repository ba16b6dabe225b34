import { Inject, Injectable, Logger, OnApplicationShutdown, Provider } from '@nestjs/common';
import { HostResources, type Network, CniNetwork, NoIsolationNetwork } from '@berth/host';
import { ProcessRuntime, type Runtime } from '@berth/runtime';
import type { LifecycleOptions } from './lifecycle-options';
import { HOST, LIFECYCLE_OPTIONS, NETWORK, RUNTIME } from './tokens';

/** Something to stop at shutdown (a managed containerd). */
export interface RuntimeHandle {
  readonly runtime: Runtime;
  stop(): Promise<void>;
}

export const RUNTIME_HANDLE = Symbol('RUNTIME_HANDLE');

async function openRuntime(options: LifecycleOptions, logger: Logger): Promise<RuntimeHandle> {
  const config = options.runtime;
  if (config.kind === 'process') {
    logger.warn(
      'runtime: process — containers run as plain host processes with NO isolation (development and tests only)',
    );
    const runtime = new ProcessRuntime();
    return { runtime, stop: () => runtime.close() };
  }
  const { openContainerdRuntime } = await import('./containerd-runtime.factory');
  return openContainerdRuntime(options.dataDir, config, logger);
}

export const runtimeHandleProvider: Provider = {
  provide: RUNTIME_HANDLE,
  inject: [LIFECYCLE_OPTIONS],
  useFactory: (options: LifecycleOptions) => openRuntime(options, new Logger('Runtime')),
};

export const runtimeProvider: Provider = {
  provide: RUNTIME,
  inject: [RUNTIME_HANDLE],
  useFactory: (handle: RuntimeHandle) => handle.runtime,
};

export const hostProvider: Provider = {
  provide: HOST,
  inject: [LIFECYCLE_OPTIONS],
  useFactory: (options: LifecycleOptions) =>
    new HostResources({ dataDir: options.dataDir, network: options.network }),
};

export const networkProvider: Provider = {
  provide: NETWORK,
  inject: [LIFECYCLE_OPTIONS, HOST],
  useFactory: (options: LifecycleOptions, host: HostResources): Network =>
    options.runtime.kind === 'process' ? new NoIsolationNetwork() : (host.network as CniNetwork),
};

@Injectable()
export class RuntimeCloser implements OnApplicationShutdown {
  constructor(@Inject(RUNTIME_HANDLE) private readonly handle: RuntimeHandle) {}

  async onApplicationShutdown(): Promise<void> {
    await this.handle.stop();
  }
}
