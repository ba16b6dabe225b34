import { Metadata, status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandReply__Output } from '../../apps/berthd/src/grpc/generated/berth/v1/CommandReply';
import type { Container__Output } from '../../apps/berthd/src/grpc/generated/berth/v1/Container';
import type { CreateContainerReply__Output } from '../../apps/berthd/src/grpc/generated/berth/v1/CreateContainerReply';
import type { CreateContainerRequest } from '../../apps/berthd/src/grpc/generated/berth/v1/CreateContainerRequest';
import type { ListContainersReply__Output } from '../../apps/berthd/src/grpc/generated/berth/v1/ListContainersReply';
import type { ReadStreamReply__Output } from '../../apps/berthd/src/grpc/generated/berth/v1/ReadStreamReply';
import {
  type BerthdWithGrpc,
  call,
  type Clients,
  connect,
  failure,
  startBerthdWithGrpc,
} from './berthd-grpc';

let server: BerthdWithGrpc;
let api: Clients;

const actor = (name: string): Metadata => {
  const metadata = new Metadata();
  metadata.set('x-berth-actor', name);
  return metadata;
};
const ALICE = actor('alice');

const create = (request: CreateContainerRequest) =>
  call<CreateContainerReply__Output>((cb) => api.lifecycle.createContainer(request, ALICE, cb));
const start = (container: string, commandId = '') =>
  call<CommandReply__Output>((cb) => api.lifecycle.startContainer({ container, commandId }, ALICE, cb));
const stop = (container: string, timeoutSeconds?: number) =>
  call<CommandReply__Output>((cb) =>
    api.lifecycle.stopContainer(
      { container, ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}) },
      ALICE,
      cb,
    ),
  );
const kill = (container: string, signal = '') =>
  call<CommandReply__Output>((cb) => api.lifecycle.killContainer({ container, signal }, ALICE, cb));
const pause = (container: string, commandId = '') =>
  call<CommandReply__Output>((cb) => api.lifecycle.pauseContainer({ container, commandId }, ALICE, cb));
const unpause = (container: string) =>
  call<CommandReply__Output>((cb) => api.lifecycle.unpauseContainer({ container }, ALICE, cb));
const remove = (container: string, force = false) =>
  call<CommandReply__Output>((cb) => api.lifecycle.removeContainer({ container, force }, ALICE, cb));
const inspect = (container: string, atPosition = 0) =>
  call<Container__Output>((cb) => api.lifecycle.inspectContainer({ container, atPosition }, cb));
const list = (all: boolean) =>
  call<ListContainersReply__Output>((cb) => api.lifecycle.listContainers({ all }, cb));
const events = (container: string) =>
  call<ReadStreamReply__Output>((cb) => api.events.readStream({ container }, cb));
const sleeper = (name: string): CreateContainerRequest => ({
  name,
  config: { image: 'host', cmd: ['/bin/sleep', '60'] },
});

beforeAll(async () => {
  server = await startBerthdWithGrpc();
  api = connect(server.address);
});
afterAll(async () => {
  api?.close();
  await server?.stop();
});

describe('berth.v1 Lifecycle over gRPC', () => {
  it('runs every command, each reply carrying the log position it wrote (read-your-writes)', async () => {
    const created = await create(sleeper('web'));
    expect(created.id).toMatch(/^[0-9a-f]{64}$/);
    expect(created.position).toBeGreaterThan(0);
    expect((await inspect('web', created.position)).state).toMatchObject({
      status: 'created',
      running: false,
    });

    const started = await start('web');
    expect(started).toMatchObject({ id: created.id, notModified: false });
    expect(started.position).toBeGreaterThan(created.position);
    const running = await inspect(created.id.slice(0, 10), started.position);
    expect(running.state).toMatchObject({ status: 'running', running: true });
    expect(running.state!.pid).toBeGreaterThan(0);

    expect((await inspect('web', (await pause('web')).position)).state!.status).toBe('paused');
    expect((await inspect('web', (await unpause('web')).position)).state!.status).toBe('running');
    expect((await list(false)).containers.map((c) => c.name)).toContain('/web');

    const stopped = await stop('web', 1);
    expect((await inspect('web', stopped.position)).state).toMatchObject({
      status: 'exited',
      running: false,
    });
    expect((await list(false)).containers.map((c) => c.name)).not.toContain('/web');
    expect((await list(true)).containers.map((c) => c.name)).toContain('/web');

    await start('web');
    const killed = await kill('web', 'SIGKILL');
    expect((await inspect('web', killed.position)).state).toMatchObject({ status: 'exited', exitCode: 137 });

    const removed = await remove('web');
    expect(removed.id).toBe(created.id);
    expect((await failure(inspect('web'))).code).toBe(status.NOT_FOUND);
    const stream = await events(created.id);
    expect(stream.events.map((e) => e.type)).toContain('ContainerRemoved');
    expect(stream.events.at(-1)!.position).toBe(removed.position);
    expect(stream.events.find((e) => e.type === 'StartRequested')!.metadata).toMatchObject({
      actor: 'alice',
      source: 'grpc',
      command: 'StartContainer',
    });
  });

  it('returns the first outcome for a retried command_id and appends nothing new', async () => {
    const request = { ...sleeper('retry'), commandId: 'create-retry-1' };
    const first = await create(request);
    const again = await create(request);
    expect(again).toEqual(first);
    const startedOnce = await start('retry', 'start-retry-1');
    const before = (await events('retry')).events.length;
    const startedTwice = await start('retry', 'start-retry-1');
    expect(startedTwice).toEqual(startedOnce);
    expect((await events('retry')).events).toHaveLength(before);

    // A rejection is an outcome too: the retry is refused the same way even after the cause went away.
    await pause('retry');
    const refused = await failure(
      call((cb) => api.lifecycle.removeContainer({ container: 'retry', commandId: 'rm-retry-1' }, ALICE, cb)),
    );
    expect(refused.code).toBe(status.FAILED_PRECONDITION);
    await unpause('retry');
    await stop('retry', 1);
    const replayed = await failure(
      call((cb) => api.lifecycle.removeContainer({ container: 'retry', commandId: 'rm-retry-1' }, ALICE, cb)),
    );
    expect([replayed.code, replayed.details]).toEqual([refused.code, refused.details]);
    expect((await inspect('retry')).exists).toBe(true);
  });

  it('maps the domain errors to gRPC codes, with berth-error-kind; NotModified is OK with not_modified', async () => {
    const missing = await failure(inspect('nobody'));
    expect([missing.code, missing.details]).toEqual([status.NOT_FOUND, 'No such container: nobody']);
    expect(missing.metadata.get('berth-error-kind')).toEqual(['not_found']);

    const badName = await failure(
      create({ name: 'no/slash', config: { image: 'host', cmd: ['/bin/true'] } }),
    );
    expect(badName.code).toBe(status.INVALID_ARGUMENT);
    expect(badName.details).toContain('Invalid container name');
    expect((await failure(create({ name: 'noimage', config: { cmd: ['/bin/true'] } }))).code).toBe(
      status.INVALID_ARGUMENT,
    );
    expect((await failure(start('x', 'bad id with spaces'))).code).toBe(status.INVALID_ARGUMENT);

    const { id } = await create(sleeper('busy'));
    await start(id);
    const conflict = await failure(remove(id));
    expect(conflict.code).toBe(status.FAILED_PRECONDITION);
    expect(conflict.metadata.get('berth-error-kind')).toEqual(['conflict']);
    expect(await start(id)).toMatchObject({ id, notModified: true, message: 'container already started' });
    await remove(id, true);

    const { id: nope } = await create({ name: 'nope', config: { image: 'host', cmd: ['/bin/nope'] } });
    const failed = await failure(start(nope));
    expect(failed.code).toBe(status.INVALID_ARGUMENT);
    expect(failed.details).toBe('exec: "/bin/nope": stat /bin/nope: no such file or directory');
    expect(failed.metadata.get('berth-start-stage')).toEqual(['create']);
    expect(failed.metadata.get('berth-exit-code')).toEqual(['127']);
    expect(await stop(nope)).toMatchObject({ notModified: true, message: 'container already stopped' });

    const tooMany = await failure(call((cb) => api.debug.history({ container: nope, limit: 50_000 }, cb)));
    expect(tooMany.code).toBe(status.INVALID_ARGUMENT);
    const badTime = await failure(
      call((cb) => api.debug.stateAt({ container: nope, at: { time: 'last tuesday' } }, cb)),
    );
    expect(badTime.code).toBe(status.INVALID_ARGUMENT);
  });

  it('records the declared actor, or anonymous, in the audit', async () => {
    const { id } = await call<CreateContainerReply__Output>((cb) =>
      api.lifecycle.createContainer({ name: 'anon', config: { image: 'host', cmd: ['/bin/true'] } }, cb),
    );
    const audit = await call<{
      records: { actor: string; source: string; container: string; command: string }[];
    }>((cb) => api.debug.audit({ container: id }, cb));
    expect(audit.records).toEqual([
      expect.objectContaining({
        actor: 'anonymous',
        source: 'grpc',
        command: 'CreateContainer',
        container: id,
      }),
    ]);
  });
});
