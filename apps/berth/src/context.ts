import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { BerthClient } from './client/berth-client';
import { CliError, describeError } from './client/cli-error';
import { resolveTarget } from './client/target';
import { createIo, type Io } from './io';

/** The options every command has (given before or after the command name). */
export interface GlobalOptions {
  readonly host?: string;
  readonly dataDir: string;
  readonly json: boolean;
  /** --as: who you are (the actor recorded with your commands). */
  readonly as?: string;
  readonly tlsCa?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly tlsServerName?: string;
}

/** What a command's action works with. */
export interface Context {
  readonly io: Io;
  readonly globals: GlobalOptions;
  /** A client of the berthd this CLI talks to (made on first use, closed after the command). */
  client(): BerthClient;
  /** Runs a call, turning its error into a one-line CliError. */
  rpc<T>(call: (client: BerthClient) => Promise<T>): Promise<T>;
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export function contextOf(
  command: Command,
  env: NodeJS.ProcessEnv = process.env,
): Context & { close(): void } {
  const raw = command.optsWithGlobals<Partial<GlobalOptions>>();
  const globals: GlobalOptions = {
    ...raw,
    json: raw.json === true,
    dataDir: resolve(raw.dataDir || env.BERTH_DATA_DIR || './data'),
    host: raw.host,
    as: raw.as || env.BERTH_ACTOR || osUser(),
    tlsCa: raw.tlsCa ?? env.BERTH_GRPC_TLS_CA,
    tlsCert: raw.tlsCert ?? env.BERTH_GRPC_TLS_CLIENT_CERT,
    tlsKey: raw.tlsKey ?? env.BERTH_GRPC_TLS_CLIENT_KEY,
    tlsServerName: raw.tlsServerName ?? env.BERTH_GRPC_TLS_SERVER_NAME,
  };
  const io = createIo({ json: globals.json, env });
  let client: BerthClient | undefined;
  const get = (): BerthClient => {
    if (!client) {
      if (Boolean(globals.tlsCert) !== Boolean(globals.tlsKey))
        throw new CliError('give both --tls-cert and --tls-key (mutual TLS) or neither');
      const target = resolveTarget(
        { host: globals.host, dataDir: globals.dataDir, tlsCa: globals.tlsCa },
        env,
      );
      client = new BerthClient(target, globals.as ?? 'unknown', {
        ca: globals.tlsCa,
        cert: globals.tlsCert,
        key: globals.tlsKey,
        serverName: globals.tlsServerName,
      });
    }
    return client;
  };
  return {
    io,
    globals,
    client: get,
    rpc: async (call) => {
      const c = get();
      try {
        return await call(c);
      } catch (error) {
        if (error instanceof CliError) throw error;
        throw new CliError(describeError(error, c.target.address));
      }
    },
    close: () => client?.close(),
  };
}

/** Wraps an action: builds the context, runs, closes the client. */
export function action<A extends unknown[]>(
  fn: (ctx: Context, ...args: A) => Promise<void>,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const ctx = contextOf(command);
    try {
      await fn(ctx, ...(args.slice(0, -1) as A));
    } finally {
      ctx.close();
    }
  };
}
