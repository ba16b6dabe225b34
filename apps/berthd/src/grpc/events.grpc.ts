import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@berth/event-store';
import { containerStream } from '@berth/domain';
import { EVENT_STORE } from '@berth/lifecycle';
import { ContainerLookup } from './container-lookup';
import { runEventFeed } from './event-feed';
import type { EventsHandlers } from './generated/berth/v1/Events';
import type { SubscribeReply } from './generated/berth/v1/SubscribeReply';
import type { SubscribeRequest__Output } from './generated/berth/v1/SubscribeRequest';
import { RequestError } from './grpc-errors';
import { eventMessage } from './messages/event-message';
import { serverStream } from './server-stream';
import { unary } from './unary';

export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 10_000;

/** A page size from a request: 0 = the default; more than MAX_LIMIT is refused. */
export function limitOf(limit: number): number {
  if (limit > MAX_LIMIT)
    throw new RequestError(`limit ${limit} is more than ${MAX_LIMIT}: page with from_revision`);
  return limit > 0 ? limit : DEFAULT_LIMIT;
}

/** berth.v1.Events: the catch-up subscription and one container's stream. */
@Injectable()
export class EventsGrpc {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly lookup: ContainerLookup,
  ) {}

  handlers(): EventsHandlers {
    return {
      Subscribe: serverStream<SubscribeRequest__Output, SubscribeReply>('Subscribe', async (req, writer) => {
        if (req.afterPosition !== undefined && req.afterPosition < 0)
          throw new RequestError('after_position must be ≥ 0');
        const containerIds = await Promise.all(req.containers.map((ref) => this.lookup.resolve(ref)));
        await runEventFeed(
          this.store,
          {
            after: req.start === 'fromNow' ? 'now' : (req.afterPosition ?? 0),
            containerIds,
            eventTypes: req.eventTypes,
            actors: req.actors,
            since: req.since,
            until: req.until,
            stopAtHead: req.stopAtHead,
            includeAudit: req.includeAudit,
          },
          {
            signal: writer.signal,
            event: (event) => writer.write({ event: eventMessage(event) }),
            caughtUp: (position) => writer.write({ caughtUp: { position } }),
          },
        );
      }),
      ReadStream: unary('ReadStream', async (req) => {
        const id = await this.lookup.resolve(req.container);
        const direction = req.direction === 'DIRECTION_BACKWARDS' ? 'backwards' : 'forwards';
        if (req.fromRevision !== undefined && req.fromRevision < 0)
          throw new RequestError('from_revision must be ≥ 0');
        const events = await this.store.readStream(containerStream(id), {
          direction,
          maxCount: limitOf(req.limit),
          ...(req.fromRevision !== undefined ? { from: req.fromRevision } : {}),
        });
        return { containerId: id, events: events.map(eventMessage) };
      }),
    };
  }
}
