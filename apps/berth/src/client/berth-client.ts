import * as grpc from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { berthClientConstructors } from '../../../berthd/src/grpc/proto-package';
import type { AdminClient } from '../../../berthd/src/grpc/generated/berth/v1/Admin';
import type { DebugClient } from '../../../berthd/src/grpc/generated/berth/v1/Debug';
import type { EventsClient } from '../../../berthd/src/grpc/generated/berth/v1/Events';
import type { LifecycleClient } from '../../../berthd/src/grpc/generated/berth/v1/Lifecycle';
import type { Target } from './target';

export interface TlsFiles {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  /** Name to check in berthd's certificate when it differs from the host dialled. */
  readonly serverName?: string;
}

export type Callback<Res> = (error: grpc.ServiceError | null, reply?: Res) => void;

/** The four berth.v1 clients on one channel, with the caller's identity on every call. */
export class BerthClient {
  readonly lifecycle: LifecycleClient;
  readonly events: EventsClient;
  readonly debug: DebugClient;
  readonly admin: AdminClient;

  constructor(
    readonly target: Target,
    private readonly actor: string,
    tls: TlsFiles = {},
  ) {
    const read = (path: string | undefined): Buffer | null => (path ? readFileSync(path) : null);
    const credentials = target.tls
      ? grpc.credentials.createSsl(read(tls.ca), read(tls.key), read(tls.cert))
      : grpc.credentials.createInsecure();
    const options: grpc.ClientOptions = {
      'grpc.max_receive_message_length': 16 * 1024 * 1024,
      ...(tls.serverName
        ? { 'grpc.ssl_target_name_override': tls.serverName, 'grpc.default_authority': tls.serverName }
        : {}),
    };
    const constructors = berthClientConstructors();
    this.lifecycle = new constructors.Lifecycle(target.address, credentials, options);
    // The other clients share the first one's channel.
    const shared = { ...options, channelOverride: this.lifecycle.getChannel() };
    this.events = new constructors.Events(target.address, credentials, shared);
    this.debug = new constructors.Debug(target.address, credentials, shared);
    this.admin = new constructors.Admin(target.address, credentials, shared);
  }

  metadata(): grpc.Metadata {
    const metadata = new grpc.Metadata();
    metadata.set('x-berth-actor', this.actor);
    return metadata;
  }

  /** A unary call as a promise: `call((md, cb) => client.lifecycle.startContainer(req, md, cb))`. */
  call<Res>(invoke: (metadata: grpc.Metadata, callback: Callback<Res>) => void): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      invoke(this.metadata(), (error, reply) => (error ? reject(error) : resolve(reply as Res)));
    });
  }

  close(): void {
    this.lifecycle.close();
  }
}
