import type { Response } from 'express';

export const API_VERSION = '1.41';
export const MIN_API_VERSION = '1.24';
export const BERTH_VERSION = '0.1.0';

/** Headers dockerd sends on every response. */
export function dockerHeaders(res: Response): void {
  res.setHeader('Server', `berth/${BERTH_VERSION} (linux)`);
  res.setHeader('Api-Version', API_VERSION);
  res.setHeader('Ostype', 'linux');
  res.setHeader('Docker-Experimental', 'false');
}

/**
 * A JSON answer with Content-Type exactly `application/json`: with a charset parameter the
 * docker CLI prints error bodies raw instead of their message.
 */
export function sendJson(res: Response, status: number, body: unknown): void {
  const payload = `${JSON.stringify(body)}\n`;
  res.status(status);
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', Buffer.byteLength(payload));
  res.end(payload);
}

export function sendEmpty(res: Response, status: number): void {
  res.status(status);
  res.end();
}
