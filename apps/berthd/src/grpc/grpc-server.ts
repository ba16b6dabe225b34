import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import * as grpc from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { LIFECYCLE_OPTIONS, type LifecycleOptions } from '@berth/lifecycle';
import { AdminGrpc } from './admin.grpc';
import { removeAddressFile, writeAddressFile } from './address-file';
import { DebugGrpc } from './debug.grpc';
import { EventsGrpc } from './events.grpc';
import type { GrpcConfig } from './grpc-config';
import { LifecycleGrpc } from './lifecycle.grpc';
import { berthPackageDefinition, berthServiceDefinitions } from './proto-package';

export const GRPC_CONFIG = Symbol('GRPC_CONFIG');

/** How long a shutdown lets calls in flight finish before cancelling them (streams end at once). */
const SHUTDOWN_GRACE_MS = 3000;

function credentialsOf(config: GrpcConfig): grpc.ServerCredentials {
  if (!config.tls) return grpc.ServerCredentials.createInsecure();
  const { cert, key, ca } = config.tls;
  return grpc.ServerCredentials.createSsl(
    ca ? Buffer.from(ca) : null,
    [{ cert_chain: Buffer.from(cert), private_key: Buffer.from(key) }],
    ca !== undefined,
  );
}

/**
 * berthd's gRPC server (berth.v1 with @grpc/grpc-js, plus server reflection). Started by main.ts
 * once the lifecycle is ready; writes <data-dir>/berthd.grpc.json so the CLI finds it.
 */
@Injectable()
export class GrpcServer implements BeforeApplicationShutdown {
  private readonly logger = new Logger('gRPC');
  private server?: grpc.Server;
  private address?: string;

  constructor(
    @Inject(GRPC_CONFIG) private readonly config: GrpcConfig,
    @Inject(LIFECYCLE_OPTIONS) private readonly options: LifecycleOptions,
    private readonly lifecycle: LifecycleGrpc,
    private readonly events: EventsGrpc,
    private readonly debug: DebugGrpc,
    private readonly admin: AdminGrpc,
  ) {}

  /** Binds and serves; resolves with host:port (undefined when disabled, or the default port was busy). */
  async start(): Promise<string | undefined> {
    if (!this.config.enabled) {
      this.logger.log('gRPC disabled (BERTH_GRPC_ADDR=off)');
      return undefined;
    }
    const server = new grpc.Server({
      'grpc.max_receive_message_length': this.config.maxReceiveBytes,
      'grpc.max_send_message_length': this.config.maxSendBytes,
    });
    const services = berthServiceDefinitions();
    server.addService(services.Lifecycle, this.lifecycle.handlers());
    server.addService(services.Events, this.events.handlers());
    server.addService(services.Debug, this.debug.handlers());
    server.addService(services.Admin, this.admin.handlers());
    new ReflectionService(
      berthPackageDefinition() as ConstructorParameters<typeof ReflectionService>[0],
    ).addToServer(server);
    const host = this.config.host.includes(':') ? `[${this.config.host}]` : this.config.host;
    const wanted = `${host}:${this.config.port}`;
    let port: number;
    try {
      port = await new Promise<number>((resolve, reject) =>
        server.bindAsync(wanted, credentialsOf(this.config), (error, bound) =>
          error ? reject(error) : resolve(bound),
        ),
      );
    } catch (error) {
      server.forceShutdown();
      const message = `cannot serve gRPC on ${wanted}: ${error instanceof Error ? error.message : String(error)}`;
      if (this.config.explicit) throw new Error(message);
      this.logger.error(`${message} — gRPC is off; set BERTH_GRPC_ADDR to another address`);
      return undefined;
    }
    this.server = server;
    this.address = `${host}:${port}`;
    writeAddressFile(this.options.dataDir, {
      address: this.address,
      tls: this.config.tls !== undefined,
      pid: process.pid,
    });
    const security = this.config.tls
      ? this.config.tls.ca
        ? 'mutual TLS'
        : 'TLS'
      : 'plaintext, loopback only';
    this.logger.log(`gRPC berth.v1 on ${this.address} (${security}; reflection on)`);
    return this.address;
  }

  async beforeApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    removeAddressFile(this.options.dataDir);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, SHUTDOWN_GRACE_MS);
      server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
