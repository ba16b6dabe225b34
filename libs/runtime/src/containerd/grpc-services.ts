import * as grpc from '@grpc/grpc-js';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import type { ContainersClient } from './generated/containerd/services/containers/v1/Containers';
import type { EventsClient } from './generated/containerd/services/events/v1/Events';
import type { NamespacesClient } from './generated/containerd/services/namespaces/v1/Namespaces';
import type { TasksClient } from './generated/containerd/services/tasks/v1/Tasks';
import type { VersionClient } from './generated/containerd/services/version/v1/Version';
import { CONTAINERD_PROTO_FILES, protoRoot } from './proto-root';

type ClientConstructor<C> = new (address: string, credentials: grpc.ChannelCredentials, options?: grpc.ClientOptions) => C;

/** Typed constructors of the containerd services berth calls. */
export interface ContainerdServiceConstructors {
  readonly Version: ClientConstructor<VersionClient>;
  readonly Namespaces: ClientConstructor<NamespacesClient>;
  readonly Containers: ClientConstructor<ContainersClient>;
  readonly Tasks: ClientConstructor<TasksClient>;
  readonly Events: ClientConstructor<EventsClient>;
}

/** proto-loader options: the wire shapes the generated types describe. */
export const PROTO_LOADER_OPTIONS = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };

let cached: ContainerdServiceConstructors | undefined;

function serviceConstructor<C>(definition: PackageDefinition, name: string): ClientConstructor<C> {
  const service = definition[name];
  if (service === undefined || 'format' in service) throw new Error(`containerd proto: service ${name} missing`);
  // The generated client interface describes exactly this service definition.
  return grpc.makeGenericClientConstructor(service, name) as unknown as ClientConstructor<C>;
}

/** Load the .proto subset once (≈ 80 ms) and return the service constructors. */
export function containerdServices(): ContainerdServiceConstructors {
  if (cached !== undefined) return cached;
  const definition = loadSync([...CONTAINERD_PROTO_FILES], { ...PROTO_LOADER_OPTIONS, includeDirs: [protoRoot()] });
  cached = {
    Version: serviceConstructor(definition, 'containerd.services.version.v1.Version'),
    Namespaces: serviceConstructor(definition, 'containerd.services.namespaces.v1.Namespaces'),
    Containers: serviceConstructor(definition, 'containerd.services.containers.v1.Containers'),
    Tasks: serviceConstructor(definition, 'containerd.services.tasks.v1.Tasks'),
    Events: serviceConstructor(definition, 'containerd.services.events.v1.Events'),
  };
  return cached;
}
