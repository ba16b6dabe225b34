import type { Logger } from '@nestjs/common';
import type { RuntimeOptions } from './lifecycle-options';
import type { RuntimeHandle } from './runtime.provider';

/** The containerd runtime (managed containerd when no address is given). */
export async function openContainerdRuntime(
  _dataDir: string,
  _config: Extract<RuntimeOptions, { kind: 'containerd' }>,
  _logger: Logger,
): Promise<RuntimeHandle> {
  throw new Error('not implemented: the containerd runtime is not wired into berthd yet; use --runtime process');
}
