import { type ClientReadableStream, Metadata } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateContainerReply__Output } from '../../apps/berthd/src/grpc/generated/berth/v1/CreateContainerReply';
import type { Event__Output } from '../../apps/berthd/src/grpc/generated/berth/v1/Event';
import type { SubscribeReply__Output } from '../../apps/berthd/src/grpc/generated/berth/v1/SubscribeReply';
import type { SubscribeRequest } from '../../apps/berthd/src/grpc/generated/berth/v1/SubscribeRequest';
import { type BerthdWithGrpc, call, type Clients, connect, startBerthdWithGrpc } from './berthd-grpc';

let server: BerthdWithGrpc;
let api: Clients;

beforeAll(async () => {
  server = await startBerthdWithGrpc();
  api = connect(server.address);
});
afterAll(async () => {
  api?.close();
  await server?.stop();
});

const as = (name: string): Metadata => {
  const metadata = new Metadata();
  metadata.set('x-berth-actor', name);
  return metadata;
};

const create = (name: string, by = 'alice') =>
  call<CreateContainerReply__Output>((cb) =>
    api.lifecycle.createContainer({ name, config: { image: 'host', cmd: ['/bin/true'] } }, as(by), cb),
  );

/** Reads a subscription in the background: events, and when it was caught up. */
function follow(request: SubscribeRequest) {
  const stream: ClientReadableStream<SubscribeReply__Output> = api.events.subscribe(request);
  const received: Event__Output[] = [];
  let caughtUpAt: number | undefined;
  let historyCount = 0;
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('data', (reply: SubscribeReply__Output) => {
      if (reply.caughtUp) {
        caughtUpAt = reply.caughtUp.position;
        historyCount = received.length;
      } else if (reply.event) received.push(reply.event);
    });
    stream.on('end', resolve);
    stream.on('error', (error: { code?: number }) => (error.code === 1 ? resolve() : reject(error)));
  });
  const until = async (done: () => boolean, what: string): Promise<void> => {
    const deadline = Date.now() + 10_000;
    while (!done()) {
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for ${what}; got ${received.map((e) => `${e.position}:${e.type}`).join(' ')}`,
        );
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return {
    received,
    ended,
    caughtUp: () => caughtUpAt,
    historyCount: () => historyCount,
    until,
    cancel: () => stream.cancel(),
  };
}

async function readAll(request: SubscribeRequest = {}): Promise<Event__Output[]> {
  const feed = follow({ ...request, stopAtHead: true });
  await feed.ended;
  return feed.received;
}

describe('berth.v1 Events.Subscribe', () => {
  it('delivers the history, then caught_up, then live events — no gap, no duplicate, even with writes racing the switch', async () => {
    for (const n of [1, 2, 3]) await create(`before-${n}`);
    // Writes in flight while the subscription reads its history and turns live.
    const racing = Promise.all(Array.from({ length: 12 }, (_, n) => create(`racing-${n}`)));
    const feed = follow({ afterPosition: 0 });
    await racing;
    await feed.until(() => feed.caughtUp() !== undefined, 'caught up');
    const after = await create('after-caught-up');
    await feed.until(() => feed.received.some((e) => e.position === after.position), 'the live event');
    feed.cancel();
    await feed.ended;

    const positions = feed.received.map((e) => e.position);
    expect(new Set(positions).size).toBe(positions.length);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const everything = await readAll();
    expect(positions).toEqual(everything.map((e) => e.position));
    expect(feed.historyCount()).toBeGreaterThanOrEqual(3);
    expect(feed.received.slice(feed.historyCount()).map((e) => e.position)).toContain(after.position);
    expect(everything.filter((e) => e.type === 'ContainerCreated')).toHaveLength(16);
    expect(JSON.parse(everything[0]!.dataJson)).toMatchObject({ name: '/before-1' });
    expect(everything[0]!.containerId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('from now: only events stored after the subscription started', async () => {
    const head = (await readAll()).at(-1)!.position;
    const feed = follow({ fromNow: true });
    await feed.until(() => feed.caughtUp() !== undefined, 'caught up');
    expect(feed.caughtUp()).toBeGreaterThanOrEqual(head);
    expect(feed.received).toEqual([]);
    const fresh = await create('fresh');
    await feed.until(() => feed.received.length > 0, 'a live event');
    expect(feed.received.map((e) => e.position)).toEqual([fresh.position]);
    feed.cancel();
    await feed.ended;
  });

  it('filters by container, event type and actor; the audit stream on request', async () => {
    const mine = await create('filtered', 'bob');
    await call((cb) => api.lifecycle.startContainer({ container: 'filtered' }, as('bob'), cb));
    const byContainer = await readAll({ containers: ['filtered'] });
    expect(byContainer.every((e) => e.containerId === mine.id)).toBe(true);
    expect(byContainer.map((e) => e.type)).toEqual(
      expect.arrayContaining(['ContainerCreated', 'StartRequested', 'ContainerStarted']),
    );
    expect((await readAll({ eventTypes: ['StartRequested'] })).map((e) => e.containerId)).toEqual([mine.id]);
    expect((await readAll({ actors: ['bob'] })).map((e) => e.type)).toEqual([
      'ContainerCreated',
      'StartRequested',
    ]);
    const withAudit = await readAll({ includeAudit: true, actors: ['bob'] });
    expect(withAudit.filter((e) => e.type === 'CommandAudited')).toHaveLength(2);
    expect(await readAll({ since: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
  });

  it('reads one stream forwards and backwards, with a limit, removed containers included', async () => {
    const { id } = await create('paged');
    await call((cb) => api.lifecycle.removeContainer({ container: id }, cb));
    const forwards = await call<{ events: Event__Output[] }>((cb) =>
      api.events.readStream({ container: 'paged' }, cb),
    );
    expect(forwards.events.map((e) => e.type)).toEqual([
      'ContainerCreated',
      'RemovalRequested',
      'ContainerRemoved',
    ]);
    const backwards = await call<{ events: Event__Output[] }>((cb) =>
      api.events.readStream({ container: id, direction: 'DIRECTION_BACKWARDS', limit: 2 }, cb),
    );
    expect(backwards.events.map((e) => e.revision)).toEqual([2, 1]);
    const from = await call<{ events: Event__Output[] }>((cb) =>
      api.events.readStream({ container: id, fromRevision: 1, limit: 1 }, cb),
    );
    expect(from.events.map((e) => e.type)).toEqual(['RemovalRequested']);
  });
});
