import { Controller, Get, Inject, Req, Res, UseFilters } from '@nestjs/common';
import type { EventStore } from '@berth/event-store';
import { EVENT_STORE } from '@berth/lifecycle';
import type { Request, Response } from 'express';
import { DockerErrorFilter } from '../http/docker-error.filter';
import { queryFilters, queryString } from '../http/query';
import { DockerEventMapper } from './docker-events';
import { eventMatcher, parseEventTime } from './event-filters';

/**
 * `GET /events`, streamed from the event store (not a ring buffer): any past `since` works. The
 * whole container log is replayed to rebuild names and images, messages outside [since, until]
 * are dropped; with no `until` the stream then goes live until the client leaves.
 */
@Controller('events')
@UseFilters(DockerErrorFilter)
export class EventsController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  async events(@Req() req: Request, @Res() res: Response): Promise<void> {
    const since = parseEventTime('since', queryString(req.query, 'since'));
    const until = parseEventTime('until', queryString(req.query, 'until'));
    const matches = eventMatcher(queryFilters(req.query));
    const startedAt = Date.now();
    const head = await this.store.headPosition();
    // Unfiltered, so a replay-only request sees the head position it stops at.
    const subscription = this.store.subscribeToAll({ after: 0, batchSize: 1000 });
    const stop = (): void => void subscription.close();
    res.on('close', stop);
    let timer: NodeJS.Timeout | undefined;
    if (until !== undefined && until > startedAt) timer = setTimeout(stop, until - startedAt);
    const replayOnly = until !== undefined && until <= startedAt;
    res.status(200);
    res.setHeader('Content-Type', 'application/json');
    res.flushHeaders();
    const mapper = new DockerEventMapper();
    // With nothing to replay and a past `until`, there is nothing to wait for.
    if (replayOnly && head === 0) stop();
    try {
      for await (const recorded of subscription) {
        const at = Date.parse(recorded.recordedAt);
        for (const message of mapper.map(recorded)) {
          if ((since === undefined || at >= since) && (until === undefined || at <= until) && matches(message)) {
            res.write(`${JSON.stringify(message)}\n`);
          }
        }
        if (replayOnly && recorded.position >= head) break;
        if (until !== undefined && at > until) break;
      }
    } finally {
      clearTimeout(timer);
      await subscription.close();
      res.end();
    }
  }
}
