import type { CommandContext } from '@berth/lifecycle';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';

/** Who sent a Docker API request: the API has no users, so the actor is the transport. */
export function dockerContext(req: Request): CommandContext {
  const agent = req.headers['user-agent'];
  return {
    actor: typeof agent === 'string' && agent.startsWith('Docker-Client') ? 'docker-cli' : 'docker-api-client',
    source: 'docker-api',
    correlationId: randomUUID(),
  };
}
