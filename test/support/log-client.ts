import {
  type ContainerCommand,
  type ContainerConfigInput,
  containerStream,
  decide,
  evolveAll,
  type HostConfigInput,
  initialState,
  LINUX,
} from '@berth/domain';
import { openSqliteEventStore } from '@berth/event-store';
import { randomBytes, randomUUID } from 'node:crypto';

/** A client writing commands straight to berthd's log (the store is shared, berthd's sagas pick them up). */
export async function submitStart(
  dbPath: string,
  config: ContainerConfigInput,
  hostConfig: HostConfigInput = {},
): Promise<string> {
  const store = await openSqliteEventStore({ path: dbPath });
  try {
    const id = randomBytes(32).toString('hex');
    const now = new Date().toISOString();
    const commands: ContainerCommand[] = [
      {
        type: 'CreateContainer',
        data: { id, name: `crash-${id.slice(0, 8)}`, config, hostConfig, createdAt: now },
      },
      { type: 'StartContainer', data: { container: id, startId: randomUUID(), requestedAt: now } },
    ];
    let state = initialState;
    let revision = -1;
    for (const command of commands) {
      const events = decide(command, state, LINUX);
      const result = await store.append(
        containerStream(id),
        events.map((e) => ({
          id: randomUUID(),
          type: e.type,
          schemaVersion: e.schemaVersion,
          data: e.data,
          metadata: { actor: 'crash-test', source: 'test' },
        })),
        revision < 0 ? 'no_stream' : revision,
      );
      revision = result.nextExpectedRevision;
      state = evolveAll(events, state);
    }
    return id;
  } finally {
    await store.close();
  }
}

export async function eventTypes(dbPath: string, id: string): Promise<string[]> {
  const store = await openSqliteEventStore({ path: dbPath });
  try {
    return (await store.readStream(containerStream(id))).map((e) => e.type);
  } finally {
    await store.close();
  }
}

export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
