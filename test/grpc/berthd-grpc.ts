import * as grpc from '@grpc/grpc-js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAddressFile } from '../../apps/berthd/src/grpc/address-file';
import type { AdminClient } from '../../apps/berthd/src/grpc/generated/berth/v1/Admin';
import type { DebugClient } from '../../apps/berthd/src/grpc/generated/berth/v1/Debug';
import type { EventsClient } from '../../apps/berthd/src/grpc/generated/berth/v1/Events';
import type { LifecycleClient } from '../../apps/berthd/src/grpc/generated/berth/v1/Lifecycle';
import { berthClientConstructors } from '../../apps/berthd/src/grpc/proto-package';
import { type Berthd, startBerthd, waitHealthy } from '../support/berthd-process';

export interface Clients {
  readonly lifecycle: LifecycleClient;
  readonly events: EventsClient;
  readonly debug: DebugClient;
  readonly admin: AdminClient;
  close(): void;
}

/** The generated clients of berth.v1 on one channel. */
export function connect(
  address: string,
  credentials = grpc.credentials.createInsecure(),
  options: grpc.ClientOptions = {},
): Clients {
  const c = berthClientConstructors();
  const lifecycle = new c.Lifecycle(address, credentials, options);
  const shared = { ...options, channelOverride: lifecycle.getChannel() };
  return {
    lifecycle,
    events: new c.Events(address, credentials, shared),
    debug: new c.Debug(address, credentials, shared),
    admin: new c.Admin(address, credentials, shared),
    close: () => lifecycle.close(),
  };
}

export interface BerthdWithGrpc {
  readonly berthd: Berthd;
  readonly dataDir: string;
  /** host:port of berth.v1 (read from the address file). */
  readonly address: string;
  stop(): Promise<void>;
}

/**
 * The built berthd (`npm run build` first) as a child process: process runtime, a temp data dir
 * (kept when `dataDir` is given), gRPC on a free loopback port it picks and writes to its address file.
 */
export async function startBerthdWithGrpc(
  options: { dataDir?: string; env?: Record<string, string> } = {},
): Promise<BerthdWithGrpc> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'berth-grpc-'));
  const berthd = await startBerthd(['--runtime', 'process', '--data-dir', dataDir], {
    BERTH_GRPC_ADDR: '127.0.0.1:0',
    ...options.env,
  });
  try {
    await waitHealthy(berthd);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const file = readAddressFile(dataDir);
      if (file && file.pid === berthd.child.pid) {
        return {
          berthd,
          dataDir,
          address: file.address,
          stop: async () => {
            await berthd.stop();
            if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
          },
        };
      }
      if (Date.now() > deadline) throw new Error(`berthd wrote no gRPC address file:\n${berthd.output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch (error) {
    await berthd.stop();
    throw error;
  }
}

export type Callback<Res> = (error: grpc.ServiceError | null, reply?: Res) => void;

/** A unary call as a promise. */
export function call<Res>(invoke: (callback: Callback<Res>) => void): Promise<Res> {
  return new Promise((resolve, reject) =>
    invoke((error, reply) => (error ? reject(error) : resolve(reply as Res))),
  );
}

/** The status a call failed with. */
export async function failure(promise: Promise<unknown>): Promise<grpc.ServiceError> {
  try {
    await promise;
  } catch (error) {
    return error as grpc.ServiceError;
  }
  throw new Error('the call succeeded');
}
