import { spawnSync } from 'node:child_process';
import type { RuntimeOptions } from '@berth/lifecycle';
import type { BerthConfig } from './berth-config';

function onPath(binary: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0;
}

/** `auto` = containerd where it can run (root, containerd and runc installed), else the process runtime. */
export function chooseRuntime(config: BerthConfig): RuntimeOptions {
  const containerd: RuntimeOptions = {
    kind: 'containerd',
    address: config.containerdAddress,
    namespace: config.containerdNamespace,
  };
  switch (config.runtime) {
    case 'process':
      return { kind: 'process' };
    case 'containerd':
      return containerd;
    case 'auto': {
      const canManage = process.getuid?.() === 0 && onPath('containerd') && onPath('runc');
      return config.containerdAddress || canManage ? containerd : { kind: 'process' };
    }
  }
}
