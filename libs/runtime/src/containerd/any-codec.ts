import { join } from 'node:path';
import { Root, type Type } from 'protobufjs';
import type { TaskExit__Output } from './generated/containerd/events/TaskExit';
import type { TaskOOM__Output } from './generated/containerd/events/TaskOOM';
import type { Options } from './generated/containerd/runc/v1/Options';
import { CONTAINERD_PROTO_FILES, protoRoot } from './proto-root';

/**
 * google.protobuf.Any payloads that proto-loader leaves packed: event payloads (type_url is the bare
 * message name, e.g. "containerd.events.TaskExit") and the runc shim options.
 */

export const OCI_SPEC_TYPE_URL = 'types.containerd.io/opencontainers/runtime-spec/1/Spec';
export const TASK_EXIT_TYPE = 'containerd.events.TaskExit';
export const TASK_OOM_TYPE = 'containerd.events.TaskOOM';
export const RUNC_OPTIONS_TYPE = 'containerd.runc.v1.Options';

/** An Any as berth packs it (assignable to the generated google.protobuf.Any input type). */
export interface PackedAny {
  readonly type_url: string;
  readonly value: Buffer;
}

let root: Root | undefined;

function messageType(name: string): Type {
  if (root === undefined) {
    const dir = protoRoot();
    const loaded = new Root();
    loaded.resolvePath = (_origin: string, target: string): string => join(dir, target);
    loaded.loadSync([...CONTAINERD_PROTO_FILES], { keepCase: true });
    root = loaded;
  }
  return root.lookupType(name);
}

function decode(any: { type_url: string; value: Uint8Array }, name: string): Record<string, unknown> {
  const type = messageType(name);
  return type.toObject(type.decode(any.value), { longs: String, enums: String, defaults: true }) as Record<string, unknown>;
}

/** The message name of an Any (tolerates a "types.googleapis.com/"-style prefix). */
export function anyTypeName(typeUrl: string): string {
  const slash = typeUrl.lastIndexOf('/');
  return slash === -1 ? typeUrl : typeUrl.slice(slash + 1);
}

export function decodeTaskExit(any: { type_url: string; value: Uint8Array }): TaskExit__Output {
  const o = decode(any, TASK_EXIT_TYPE);
  const at = o['exited_at'] as { seconds?: string; nanos?: number } | null | undefined;
  return {
    container_id: String(o['container_id'] ?? ''),
    id: String(o['id'] ?? ''),
    pid: Number(o['pid'] ?? 0),
    exit_status: Number(o['exit_status'] ?? 0),
    exited_at: at ? { seconds: String(at.seconds ?? '0'), nanos: Number(at.nanos ?? 0) } : null,
  };
}

export function decodeTaskOom(any: { type_url: string; value: Uint8Array }): TaskOOM__Output {
  return { container_id: String(decode(any, TASK_OOM_TYPE)['container_id'] ?? '') };
}

/** The OCI spec as containerd stores it: JSON bytes in an Any. */
export function ociSpecAny(spec: object): PackedAny {
  return { type_url: OCI_SPEC_TYPE_URL, value: Buffer.from(JSON.stringify(spec)) };
}

/** io.containerd.runc.v2 options, protobuf-encoded (snake_case field names, keepCase). */
export function runcOptionsAny(options: Options): PackedAny {
  const type = messageType(RUNC_OPTIONS_TYPE);
  return { type_url: RUNC_OPTIONS_TYPE, value: Buffer.from(type.encode(type.fromObject(options)).finish()) };
}
