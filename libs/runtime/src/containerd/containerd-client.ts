import * as grpc from '@grpc/grpc-js';
import type { Container, Container__Output } from './generated/containerd/services/containers/v1/Container';
import type { ContainersClient } from './generated/containerd/services/containers/v1/Containers';
import type { Envelope__Output } from './generated/containerd/services/events/v1/Envelope';
import type { EventsClient } from './generated/containerd/services/events/v1/Events';
import type { Namespace__Output } from './generated/containerd/services/namespaces/v1/Namespace';
import type { NamespacesClient } from './generated/containerd/services/namespaces/v1/Namespaces';
import type { CreateTaskRequest } from './generated/containerd/services/tasks/v1/CreateTaskRequest';
import type { DeleteResponse__Output } from './generated/containerd/services/tasks/v1/DeleteResponse';
import type { TasksClient } from './generated/containerd/services/tasks/v1/Tasks';
import type { WaitResponse__Output } from './generated/containerd/services/tasks/v1/WaitResponse';
import type { VersionClient } from './generated/containerd/services/version/v1/Version';
import type { VersionResponse__Output } from './generated/containerd/services/version/v1/VersionResponse';
import type { Process__Output } from './generated/containerd/v1/types/Process';
import type { CreateContainerResponse__Output } from './generated/containerd/services/containers/v1/CreateContainerResponse';
import type { GetContainerResponse__Output } from './generated/containerd/services/containers/v1/GetContainerResponse';
import type { ListContainersResponse__Output } from './generated/containerd/services/containers/v1/ListContainersResponse';
import type { ListNamespacesResponse__Output } from './generated/containerd/services/namespaces/v1/ListNamespacesResponse';
import type { CreateTaskResponse__Output } from './generated/containerd/services/tasks/v1/CreateTaskResponse';
import type { GetResponse__Output } from './generated/containerd/services/tasks/v1/GetResponse';
import type { ListTasksResponse__Output } from './generated/containerd/services/tasks/v1/ListTasksResponse';
import type { StartResponse__Output } from './generated/containerd/services/tasks/v1/StartResponse';
import type { Empty__Output } from './generated/google/protobuf/Empty';
import { containerdServices } from './grpc-services';

export const DEFAULT_CONTAINERD_NAMESPACE = 'berth';
export const NAMESPACE_METADATA_KEY = 'containerd-namespace';

export interface ContainerdClientOptions {
  /** Unix socket path, or a `unix:///path` address. */
  readonly address: string;
  /** containerd namespace sent as `containerd-namespace` metadata on every call (default "berth"). */
  readonly namespace?: string;
  /** Deadline of each unary call except wait (default 60 s). */
  readonly callTimeoutMs?: number;
}

type Invoke<T> = (
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: grpc.requestCallback<T>,
) => grpc.ClientUnaryCall;

/** `unix:///abs/path` from a path or an address. */
export function unixAddress(address: string): string {
  return address.startsWith('unix:') ? address : `unix://${address}`;
}

/**
 * A typed client of containerd 1.6's gRPC API (the subset a start flow uses) over one channel to
 * its unix socket. Every call carries the namespace; errors are grpc-js ServiceErrors (see
 * grpc-errors.ts to turn them into RuntimeCallError).
 */
export class ContainerdClient {
  readonly address: string;
  readonly namespace: string;
  private readonly callTimeoutMs: number;
  /** Calls wait for a (re)connecting channel until their deadline instead of failing at once. */
  private readonly metadata = new grpc.Metadata({ waitForReady: true });
  private readonly versionClient: VersionClient;
  private readonly namespacesClient: NamespacesClient;
  private readonly containersClient: ContainersClient;
  private readonly tasksClient: TasksClient;
  private readonly eventsClient: EventsClient;

  constructor(options: ContainerdClientOptions) {
    this.address = unixAddress(options.address);
    this.namespace = options.namespace ?? DEFAULT_CONTAINERD_NAMESPACE;
    this.callTimeoutMs = options.callTimeoutMs ?? 60_000;
    this.metadata.set(NAMESPACE_METADATA_KEY, this.namespace);
    const services = containerdServices();
    const credentials = grpc.credentials.createInsecure();
    const channelOptions: grpc.ClientOptions = {
      // containerd restarts (managed mode) must be noticed within a second, not grpc's 1–120 s backoff.
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 1000,
    };
    this.versionClient = new services.Version(this.address, credentials, channelOptions);
    // One channel for all services: later clients reuse the first one's channel.
    const shared: grpc.ClientOptions = { ...channelOptions, channelOverride: this.versionClient.getChannel() };
    this.namespacesClient = new services.Namespaces(this.address, credentials, shared);
    this.containersClient = new services.Containers(this.address, credentials, shared);
    this.tasksClient = new services.Tasks(this.address, credentials, shared);
    this.eventsClient = new services.Events(this.address, credentials, shared);
  }

  /** Resolves when the channel is connected; rejects after timeoutMs. */
  waitForReady(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.versionClient.waitForReady(Date.now() + timeoutMs, (error) => (error ? reject(error) : resolve()));
    });
  }

  version(timeoutMs?: number): Promise<VersionResponse__Output> {
    return this.call<VersionResponse__Output>((m, o, cb) => this.versionClient.Version({}, m, o, cb), { timeoutMs });
  }

  // -- namespaces (not namespaced themselves)
  async listNamespaces(): Promise<Namespace__Output[]> {
    return (await this.call<ListNamespacesResponse__Output>((m, o, cb) => this.namespacesClient.List({}, m, o, cb))).namespaces;
  }

  async deleteNamespace(name: string): Promise<void> {
    await this.call<Empty__Output>((m, o, cb) => this.namespacesClient.Delete({ name }, m, o, cb));
  }

  // -- containers (metadata records)
  async createContainer(container: Container): Promise<Container__Output> {
    const response = await this.call<CreateContainerResponse__Output>((m, o, cb) => this.containersClient.Create({ container }, m, o, cb));
    return required(response.container, 'Containers.Create');
  }

  async getContainer(id: string): Promise<Container__Output> {
    const response = await this.call<GetContainerResponse__Output>((m, o, cb) => this.containersClient.Get({ id }, m, o, cb));
    return required(response.container, 'Containers.Get');
  }

  async listContainers(filters: string[] = []): Promise<Container__Output[]> {
    return (await this.call<ListContainersResponse__Output>((m, o, cb) => this.containersClient.List({ filters }, m, o, cb))).containers;
  }

  async deleteContainer(id: string): Promise<void> {
    await this.call<Empty__Output>((m, o, cb) => this.containersClient.Delete({ id }, m, o, cb));
  }

  // -- tasks (the container's init process)
  async createTask(request: CreateTaskRequest): Promise<{ pid: number }> {
    const response = await this.call<CreateTaskResponse__Output>((m, o, cb) => this.tasksClient.Create(request, m, o, cb));
    return { pid: response.pid };
  }

  async startTask(id: string): Promise<{ pid: number }> {
    const response = await this.call<StartResponse__Output>((m, o, cb) => this.tasksClient.Start({ container_id: id }, m, o, cb));
    return { pid: response.pid };
  }

  deleteTask(id: string): Promise<DeleteResponse__Output> {
    return this.call<DeleteResponse__Output>((m, o, cb) => this.tasksClient.Delete({ container_id: id }, m, o, cb));
  }

  async getTask(id: string): Promise<Process__Output> {
    const response = await this.call<GetResponse__Output>((m, o, cb) => this.tasksClient.Get({ container_id: id }, m, o, cb));
    return required(response.process, 'Tasks.Get');
  }

  async listTasks(filter = ''): Promise<Process__Output[]> {
    return (await this.call<ListTasksResponse__Output>((m, o, cb) => this.tasksClient.List({ filter }, m, o, cb))).tasks;
  }

  async killTask(id: string, signal: number, all = false): Promise<void> {
    await this.call<Empty__Output>((m, o, cb) => this.tasksClient.Kill({ container_id: id, signal, all }, m, o, cb));
  }

  async pauseTask(id: string): Promise<void> {
    await this.call<Empty__Output>((m, o, cb) => this.tasksClient.Pause({ container_id: id }, m, o, cb));
  }

  async resumeTask(id: string): Promise<void> {
    await this.call<Empty__Output>((m, o, cb) => this.tasksClient.Resume({ container_id: id }, m, o, cb));
  }

  /** Resolves when the task's init process has exited (at once if it already has). No deadline. */
  waitTask(id: string, signal?: AbortSignal): Promise<WaitResponse__Output> {
    return this.call<WaitResponse__Output>((m, o, cb) => this.tasksClient.Wait({ container_id: id }, m, o, cb), { timeoutMs: 0, signal });
  }

  // -- events
  /** Server stream of events matching any filter (e.g. `namespace=="berth",topic=="/tasks/exit"`). */
  subscribe(filters: string[]): grpc.ClientReadableStream<Envelope__Output> {
    return this.eventsClient.Subscribe({ filters }, this.metadata.clone());
  }

  close(): void {
    for (const client of [this.eventsClient, this.tasksClient, this.containersClient, this.namespacesClient]) client.close();
    this.versionClient.close();
  }

  private call<T>(invoke: Invoke<T>, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<T> {
    const timeoutMs = options.timeoutMs ?? this.callTimeoutMs;
    const callOptions: grpc.CallOptions = timeoutMs > 0 ? { deadline: Date.now() + timeoutMs } : {};
    return new Promise<T>((resolve, reject) => {
      const call = invoke(this.metadata.clone(), callOptions, (error, value) => {
        options.signal?.removeEventListener('abort', abort);
        if (error) reject(error);
        else if (value === undefined) reject(new Error('containerd returned an empty response'));
        else resolve(value);
      });
      const abort = (): void => call.cancel();
      if (options.signal?.aborted) call.cancel();
      else options.signal?.addEventListener('abort', abort, { once: true });
    });
  }
}

function required<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`containerd ${what}: empty response`);
  return value;
}
