import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runEventStoreContract } from '../testing/event-store.contract';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import { SimulatedKurrentDb } from './testing/simulated-kurrentdb';

/**
 * The contract suite against the adapter over an in-memory stand-in for the server (see
 * SimulatedKurrentDb for the server rules it assumes). This checks the adapter's own logic where
 * no KurrentDB can run; it does not replace the run against a real node (KURRENTDB_URL).
 */
runEventStoreContract('kurrentdb adapter over a simulated server', async () => {
  const server = new SimulatedKurrentDb();
  const store = new KurrentDbEventStore(server.client(), { location: 'simulated', pageSize: 300 });
  return { store, cleanup: () => store.close() };
});

runEventStoreContract('kurrentdb adapter over a simulated server, namespaced', async () => {
  const server = new SimulatedKurrentDb();
  const store = new KurrentDbEventStore(server.client(), {
    location: 'simulated',
    namespace: 'site-a/',
    pageSize: 300,
  });
  return { store, cleanup: () => store.close() };
});

describe('KurrentDB adapter details (simulated server)', () => {
  const event = (n: number) => ({ id: randomUUID(), type: 'T', schemaVersion: 1, data: { n } });

  it('keeps system events, checkpoint streams and other namespaces out of reads and the head', async () => {
    const server = new SimulatedKurrentDb();
    const a = new KurrentDbEventStore(server.client(), { location: 'simulated', namespace: 'a/' });
    const b = new KurrentDbEventStore(server.client(), { location: 'simulated', namespace: 'b/' });
    const written = await a.append('container-1', [event(1)], 'no_stream');
    await b.append('container-1', [event(2)], 'no_stream');
    await a.storeCheckpoint('projector', written.position);
    server.systemEvent();
    expect((await a.readAll()).map((e) => e.stream)).toEqual(['container-1']);
    expect(await a.headPosition()).toBe(written.position);
    expect(await a.readCheckpoint('projector')).toBe(written.position);
    await expect(a.append('berth-checkpoints-x', [event(3)], 'any')).rejects.toThrow(/reserved/);
  });

  it('reads after a position no event has, from another store instance (nothing known)', async () => {
    const server = new SimulatedKurrentDb();
    const writer = new KurrentDbEventStore(server.client(), { location: 'simulated' });
    const results = [];
    for (let n = 0; n < 5; n += 1) results.push(await writer.append(`s-${n}`, [event(n)], 'no_stream'));
    const reader = new KurrentDbEventStore(server.client(), { location: 'simulated' });
    const after = await reader.readAll({ after: results[2].position - 1 });
    expect(after.map((e) => e.position)).toEqual(results.slice(2).map((r) => r.position));
    const fromCheckpoint = await new KurrentDbEventStore(server.client(), { location: 'simulated' }).readAll({
      after: results[3].position,
    });
    expect(fromCheckpoint.map((e) => e.position)).toEqual([results[4].position]);

    const subscriber = new KurrentDbEventStore(server.client(), { location: 'simulated' });
    const subscription = subscriber.subscribeToAll({ after: results[1].position + 1 });
    const seen: number[] = [];
    for await (const e of subscription) {
      seen.push(e.position);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual(results.slice(2).map((r) => r.position));
  });

  it("turns 'any' into an exact expectation so a retried batch is not written twice", async () => {
    const server = new SimulatedKurrentDb();
    const store = new KurrentDbEventStore(server.client(), { location: 'simulated' });
    const batch = [event(1)];
    const first = await store.append('s', batch, 'any');
    for (let n = 0; n < 20; n += 1) await store.append('s', [event(n + 2)], 'any'); // beyond the server's own cache
    expect(await store.append('s', batch, 'any')).toEqual(first);
    expect(await store.readStream('s')).toHaveLength(21);
  });
});
