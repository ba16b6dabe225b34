import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Where the .proto files live inside the repository (they are not emitted by tsc). */
const PROTO_DIR_IN_REPO = join('libs', 'runtime', 'src', 'containerd', 'proto');

/**
 * The directory holding the containerd .proto subset. From source (vitest, ts-node) it sits next
 * to this file; from dist (tsc emits only .js) it is found by walking up to the package root (the
 * first directory with a package.json that has libs/runtime/src/containerd/proto).
 */
export function protoRoot(from: string = __dirname): string {
  const beside = join(from, 'proto');
  if (existsSync(join(beside, 'containerd'))) return beside;
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, PROTO_DIR_IN_REPO);
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new Error(`containerd .proto files not found (looked beside ${from} and for ${PROTO_DIR_IN_REPO} above it)`);
}

/** The proto files the client loads, relative to protoRoot(). */
export const CONTAINERD_PROTO_FILES: readonly string[] = [
  'containerd/services/version/v1/version.proto',
  'containerd/services/namespaces/v1/namespace.proto',
  'containerd/services/containers/v1/containers.proto',
  'containerd/services/tasks/v1/tasks.proto',
  'containerd/services/events/v1/events.proto',
  'containerd/events/task.proto',
  'containerd/runc/v1/options.proto',
];
