import { ContainerdClient } from './containerd-client';

export interface ConnectContainerdOptions {
  /** The socket of a containerd berth does not manage (e.g. /run/containerd/containerd.sock). */
  readonly address: string;
  readonly namespace?: string;
  /** How long to wait for it to answer Version (default 5 s). */
  readonly timeoutMs?: number;
}

/** Connect to a configured containerd (never starts one); rejects when it does not answer Version. */
export async function connectContainerd(options: ConnectContainerdOptions): Promise<ContainerdClient> {
  const client = new ContainerdClient({ address: options.address, namespace: options.namespace });
  const timeoutMs = options.timeoutMs ?? 5_000;
  try {
    await client.waitForReady(timeoutMs);
    await client.version(timeoutMs);
    return client;
  } catch (error: unknown) {
    client.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`containerd at ${options.address} does not answer: ${reason}`);
  }
}
