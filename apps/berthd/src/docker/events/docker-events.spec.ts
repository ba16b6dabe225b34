import type { RecordedEvent } from '@berth/event-store';
import { describe, expect, it } from 'vitest';
import { DockerEventMapper } from './docker-events';

const ID = 'a'.repeat(64);
let position = 0;
const recorded = (type: string, data: unknown, at = '2026-11-29T10:00:00.000Z'): RecordedEvent => ({
  id: String(++position),
  type,
  schemaVersion: 1,
  stream: `container-${ID}`,
  revision: position,
  position,
  recordedAt: at,
  data,
  metadata: {},
});

describe('DockerEventMapper', () => {
  it('turns a start and a stop into create, start, kill, die, stop with dockerd attributes', () => {
    const mapper = new DockerEventMapper();
    const messages = [
      recorded('ContainerCreated', { id: ID, name: '/web', config: { image: 'busybox:local', labels: { team: 'berth' } } }),
      recorded('StartRequested', { startId: 's' }),
      recorded('ContainerStarted', { startId: 's', pid: 1, startedAt: '2026-11-29T10:00:00.000Z' }),
      recorded('StopRequested', { signal: 15, timeoutSeconds: 1 }),
      recorded('ContainerExited', { exitCode: 137, oomKilled: false, finishedAt: '2026-11-29T10:00:03.000Z' }, '2026-11-29T10:00:03.100Z'),
      recorded('ContainerRemoved', { force: false, removeVolumes: false }),
    ].flatMap((e) => mapper.map(e));
    expect(messages.map((m) => m.Action)).toEqual(['create', 'start', 'kill', 'die', 'stop', 'destroy']);
    expect(messages[3]).toMatchObject({
      status: 'die',
      id: ID,
      from: 'busybox:local',
      Type: 'container',
      scope: 'local',
      time: Date.parse('2026-11-29T10:00:03.100Z') / 1000 - 0.1,
      Actor: { ID, Attributes: { name: 'web', image: 'busybox:local', team: 'berth', exitCode: '137' } },
    });
    expect(messages[2]?.Actor.Attributes.signal).toBe('15');
  });

  it('a failed start emits neither start nor die', () => {
    const mapper = new DockerEventMapper();
    const actions = [
      recorded('ContainerCreated', { id: ID, name: '/nope', config: { image: 'busybox:local', labels: {} } }),
      recorded('StartRequested', { startId: 's' }),
      recorded('StartFailed', { startId: 's', stage: 'create', error: 'x', exitCode: 127 }),
      recorded('CleanupCompleted', { startId: 's', steps: [], warnings: [] }),
    ].flatMap((e) => mapper.map(e).map((m) => m.Action));
    expect(actions).toEqual(['create']);
  });
});
