/** Streams whose name starts with this hold subscriber checkpoints; never returned by reads. */
export const CHECKPOINT_STREAM_PREFIX = 'berth-checkpoints-';

/**
 * Maps the caller's stream names to the server's. A namespace (default '') is a prefix put in
 * front of every stream this store writes, so several berth installations — or test runs — can
 * share one KurrentDB without seeing each other's events.
 */
export class StreamNames {
  constructor(readonly namespace = '') {
    if (namespace.startsWith('$')) {
      throw new Error(
        `KurrentDB namespace ${JSON.stringify(namespace)} must not start with '$' (system streams)`,
      );
    }
  }

  toServer(stream: string): string {
    return this.namespace + stream;
  }

  /** The caller's name of a server stream, or undefined when it is outside this namespace. */
  fromServer(serverStream: string): string | undefined {
    return serverStream.startsWith(this.namespace) ? serverStream.slice(this.namespace.length) : undefined;
  }

  checkpointStream(name: string): string {
    return this.namespace + CHECKPOINT_STREAM_PREFIX + name;
  }

  /** System streams (`$...`) and checkpoint streams are not events of the berth domain. */
  isReserved(stream: string): boolean {
    return stream.startsWith('$') || stream.startsWith(CHECKPOINT_STREAM_PREFIX);
  }
}
