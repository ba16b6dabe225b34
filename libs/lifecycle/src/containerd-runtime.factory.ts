import type { Logger } from '@nestjs/common';
import {
  connectContainerd,
  ContainerdRuntime,
  type ManagedContainerd,
  requireContainerdBinaries,
  startManagedContainerd,
} from '@berth/runtime';
import { join } from 'node:path';
import type { RuntimeOptions } from './lifecycle-options';
import type { RuntimeHandle } from './runtime.provider';

/**
 * The containerd runtime. Without an address berthd runs its own containerd (config, root, state
 * and socket under <dataDir>/containerd), as dockerd does; with one it connects and never starts one.
 */
export async function openContainerdRuntime(
  dataDir: string,
  config: Extract<RuntimeOptions, { kind: 'containerd' }>,
  logger: Logger,
): Promise<RuntimeHandle> {
  let managed: ManagedContainerd | undefined;
  let address = config.address;
  if (!address) {
    requireContainerdBinaries();
    managed = await startManagedContainerd({ dataDir, logger });
    address = managed.address;
    logger.log(
      `runtime: containerd (managed, pid ${managed.pid ?? '?'}, socket ${address}, namespace ${config.namespace})`,
    );
  } else {
    logger.log(`runtime: containerd at ${address} (not managed), namespace ${config.namespace}`);
  }
  try {
    const client = await connectContainerd({ address, namespace: config.namespace });
    const runtime = await ContainerdRuntime.open({
      client,
      fifoDir: join(dataDir, 'runtime', 'fifo'),
      runcRoot: managed?.paths.runcRoot,
      logger,
    });
    return {
      runtime,
      stop: async () => {
        await runtime.close();
        await managed?.stop();
      },
    };
  } catch (error) {
    await managed?.stop();
    throw error;
  }
}
