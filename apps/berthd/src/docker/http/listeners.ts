import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { chmodSync, existsSync, lstatSync, readFileSync, unlinkSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { connect } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { API_VERSION, dockerHeaders, sendJson } from './docker-json';

export type ListenerRole = 'health' | 'docker' | 'docker-tcp';

export interface DockerListenOptions {
  readonly socketPath: string;
  readonly health: { readonly host: string; readonly port: number };
  readonly tcp?: {
    readonly host: string;
    readonly port: number;
    readonly token?: string;
    readonly tlsCert?: string;
    readonly tlsKey?: string;
    /** Client certificates must chain to this CA (mutual TLS). */
    readonly tlsCa?: string;
  };
  readonly onUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
}

const roles = new WeakMap<object, ListenerRole>();

function roleOf(req: Request): ListenerRole {
  const server = (req.socket as unknown as { server?: object }).server;
  return (server && roles.get(server)) ?? 'health';
}

/** Express middleware: what each listener may serve, Docker's headers and the /v1.NN prefix. */
export function listenerGuard(token: string | undefined) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const role = roleOf(req);
    if (role === 'health') {
      if (req.path === '/health' || req.path === '/metrics') return next();
      return sendJson(res, 404, { message: 'page not found' });
    }
    if (role === 'docker-tcp' && !authorized(req.headers.authorization, token)) {
      return sendJson(res, 401, { message: 'unauthorized: the Docker API over TCP needs Authorization: Bearer <BERTH_DOCKER_TOKEN>' });
    }
    dockerHeaders(res);
    const match = /^\/v(\d+)\.(\d+)(\/.*)$/.exec(req.url);
    if (match) {
      const [major, minor] = [Number(match[1]), Number(match[2])];
      const [maxMajor, maxMinor] = API_VERSION.split('.').map(Number) as [number, number];
      if (major > maxMajor || (major === maxMajor && minor > maxMinor)) {
        return sendJson(res, 400, { message: `client version ${major}.${minor} is too new. Maximum supported API version is ${API_VERSION}` });
      }
      req.url = match[3] as string;
    }
    next();
  };
}

function authorized(header: string | undefined, token: string | undefined): boolean {
  if (!token) return true; // mutual TLS without a token: the handshake verified the client's certificate
  const given = Buffer.from(header?.replace(/^Bearer /, '') ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A body that is not valid JSON, or too large: 400 naming the problem (nothing is appended). */
export function bodyErrors(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (!error) return next();
  const e = error as { type?: string; message?: string; limit?: number };
  if (e.type === 'entity.too.large') return sendJson(res, 400, { message: `request body too large: the limit is ${e.limit} bytes` });
  if (e.type === 'entity.parse.failed') return sendJson(res, 400, { message: `malformed JSON body: ${e.message}` });
  sendJson(res, 400, { message: e.message ?? String(error) });
}

function listen(server: Server, ...args: [string] | [number, string]): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const done = (): void => {
      server.off('error', reject);
      resolve();
    };
    if (args.length === 1) server.listen(args[0], done);
    else server.listen(args[0], args[1], done);
  });
}

/** A socket file left by a previous berthd that nothing answers on may be removed; a live one may not. */
async function clearStaleSocket(path: string): Promise<void> {
  if (!existsSync(path)) return;
  if (!lstatSync(path).isSocket()) throw new Error(`${path} exists and is not a socket: refusing to replace it`);
  const alive = await new Promise<boolean>((resolve) => {
    const probe = connect(path, () => {
      probe.end();
      resolve(true);
    });
    probe.on('error', () => resolve(false));
  });
  if (alive) throw new Error(`${path} is in use by another process`);
  unlinkSync(path);
}

/** Opens berthd's listeners on the one Nest/express app: health (TCP, loopback), Docker API (unix socket, optional TCP). */
export async function openListeners(app: INestApplication, options: DockerListenOptions): Promise<Server[]> {
  const express = app.getHttpAdapter().getInstance() as ((req: IncomingMessage, res: unknown) => void) & { disable(setting: string): void };
  express.disable('x-powered-by');
  const logger = new Logger('Listeners');
  const servers: Server[] = [];

  const health = createServer(express);
  roles.set(health, 'health');
  await listen(health, options.health.port, options.health.host);
  servers.push(health);
  logger.log(`health and metrics on http://${options.health.host}:${options.health.port}`);

  await clearStaleSocket(options.socketPath);
  const docker = createServer(express);
  roles.set(docker, 'docker');
  docker.on('upgrade', options.onUpgrade);
  await listen(docker, options.socketPath);
  chmodSync(options.socketPath, 0o660);
  servers.push(docker);
  logger.log(`Docker Engine API on unix://${options.socketPath} (API ${API_VERSION})`);

  if (options.tcp) {
    const { host, port, token, tlsCert, tlsKey, tlsCa } = options.tcp;
    if (!token && !(tlsCert && tlsKey && tlsCa)) {
      throw new Error('the Docker API over TCP needs a token (BERTH_DOCKER_TOKEN) or mutual TLS (BERTH_DOCKER_TLS_CERT/KEY/CA)');
    }
    const tcp =
      tlsCert && tlsKey
        ? createTlsServer(
            {
              cert: readFileSync(tlsCert),
              key: readFileSync(tlsKey),
              ...(tlsCa ? { ca: readFileSync(tlsCa), requestCert: true, rejectUnauthorized: true } : {}),
            },
            express,
          )
        : createServer(express);
    roles.set(tcp, 'docker-tcp');
    tcp.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (token && !authorized(req.headers.authorization, token)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n\r\n{"message":"unauthorized"}\n');
        return;
      }
      options.onUpgrade(req, socket, head);
    });
    await listen(tcp, port, host);
    servers.push(tcp);
    logger.log(`Docker Engine API on ${tlsCert ? 'https' : 'http'}://${host}:${port} (${[token && 'bearer token', tlsCa && 'client certificates'].filter(Boolean).join(' + ')})`);
  }
  return servers;
}
