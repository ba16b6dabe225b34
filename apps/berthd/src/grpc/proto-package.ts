import * as grpc from '@grpc/grpc-js';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { AdminClient, AdminDefinition } from './generated/berth/v1/Admin';
import type { DebugClient, DebugDefinition } from './generated/berth/v1/Debug';
import type { EventsClient, EventsDefinition } from './generated/berth/v1/Events';
import type { LifecycleClient, LifecycleDefinition } from './generated/berth/v1/Lifecycle';

/** The berth.v1 .proto files, relative to berthProtoRoot(). */
export const BERTH_PROTO_FILES: readonly string[] = [
  'berth/v1/types.proto',
  'berth/v1/lifecycle.proto',
  'berth/v1/events.proto',
  'berth/v1/debug.proto',
  'berth/v1/admin.proto',
];

/** proto-loader options: the shapes the generated types describe (see generate-types.sh). */
export const PROTO_LOADER_OPTIONS = { longs: Number, enums: String, defaults: true, oneofs: true } as const;

/**
 * The directory holding proto/berth/v1 (tsc emits no .proto files): found by walking up from this
 * file — apps/berthd/src/grpc from source, dist/apps/berthd/src/grpc when built — to the package root.
 */
export function berthProtoRoot(from: string = __dirname): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, 'proto');
    if (
      existsSync(join(dir, 'package.json')) &&
      existsSync(join(candidate, 'berth', 'v1', 'lifecycle.proto'))
    )
      return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new Error(`berth.v1 .proto files not found (looked for proto/berth/v1 above ${from})`);
}

let cached: PackageDefinition | undefined;

/** The loaded berth.v1 package definition (loaded once). */
export function berthPackageDefinition(): PackageDefinition {
  cached ??= loadSync([...BERTH_PROTO_FILES], { ...PROTO_LOADER_OPTIONS, includeDirs: [berthProtoRoot()] });
  return cached;
}

type ClientConstructor<C> = new (
  address: string,
  credentials: grpc.ChannelCredentials,
  options?: grpc.ClientOptions,
) => C;

export interface BerthServiceDefinitions {
  readonly Lifecycle: LifecycleDefinition;
  readonly Events: EventsDefinition;
  readonly Debug: DebugDefinition;
  readonly Admin: AdminDefinition;
}

export interface BerthClientConstructors {
  readonly Lifecycle: ClientConstructor<LifecycleClient>;
  readonly Events: ClientConstructor<EventsClient>;
  readonly Debug: ClientConstructor<DebugClient>;
  readonly Admin: ClientConstructor<AdminClient>;
}

export const BERTH_SERVICES = ['Lifecycle', 'Events', 'Debug', 'Admin'] as const;

function definitionOf(name: (typeof BERTH_SERVICES)[number]): grpc.ServiceDefinition {
  const service = berthPackageDefinition()[`berth.v1.${name}`];
  if (service === undefined || 'format' in service)
    throw new Error(`berth.v1 proto: service ${name} missing`);
  return service as grpc.ServiceDefinition;
}

/** The service definitions (for Server.addService); the generated *Definition types describe them. */
export function berthServiceDefinitions(): BerthServiceDefinitions {
  return {
    Lifecycle: definitionOf('Lifecycle') as LifecycleDefinition,
    Events: definitionOf('Events') as EventsDefinition,
    Debug: definitionOf('Debug') as DebugDefinition,
    Admin: definitionOf('Admin') as AdminDefinition,
  };
}

/** Typed client constructors (the generated *Client interfaces describe exactly these services). */
export function berthClientConstructors(): BerthClientConstructors {
  const make = <C>(name: (typeof BERTH_SERVICES)[number]): ClientConstructor<C> =>
    grpc.makeGenericClientConstructor(definitionOf(name), name) as unknown as ClientConstructor<C>;
  return { Lifecycle: make('Lifecycle'), Events: make('Events'), Debug: make('Debug'), Admin: make('Admin') };
}
