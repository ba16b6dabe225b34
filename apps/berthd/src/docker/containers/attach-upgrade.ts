import type { INestApplication } from '@nestjs/common';
import { DomainError, httpStatusOf } from '@berth/domain';
import { HOST, StreamWatcher } from '@berth/lifecycle';
import type { HostResources } from '@berth/host';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ContainersController } from './containers.controller';
import { streamOutput } from './output-stream';

const ATTACH = /^(?:\/v\d+\.\d+)?\/containers\/([^/]+)\/attach$/;

function refuse(socket: Duplex, status: number, message: string): void {
  const body = `${JSON.stringify({ message })}\n`;
  socket.end(`HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/**
 * `POST /containers/{id}/attach` with `Connection: Upgrade, Upgrade: tcp` (docker start -a,
 * docker run): answers 101 at once (the CLI sends start only after it), then writes the output
 * as multiplexed frames until the container stops. Stdin is not supported: what the client sends
 * is read and dropped.
 */
export function attachUpgradeHandler(app: INestApplication): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  const containers = app.get(ContainersController);
  const watcher = app.get(StreamWatcher);
  const host = app.get<HostResources>(HOST);
  return (req, socket) => {
    const url = new URL(req.url ?? '/', 'http://berth');
    const match = ATTACH.exec(url.pathname);
    if (req.method !== 'POST' || !match) return refuse(socket, 404, 'page not found');
    const id = decodeURIComponent(match[1] as string);
    const query = Object.fromEntries(url.searchParams);
    containers.attachTarget(id, query).then(
      ({ state, position, wanted }) => {
        socket.write('HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n');
        const closed = new AbortController();
        socket.on('close', () => closed.abort());
        socket.on('error', () => closed.abort());
        socket.resume();
        streamOutput(socket, state, position, host.containers.logPath(state.id), watcher, wanted, closed.signal)
          .catch(() => undefined)
          .finally(() => socket.end());
      },
      (error: unknown) => {
        if (error instanceof DomainError) refuse(socket, httpStatusOf(error.kind), error.message);
        else refuse(socket, 500, error instanceof Error ? error.message : String(error));
      },
    );
  };
}
