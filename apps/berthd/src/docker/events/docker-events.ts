import type { ContainerEvent } from '@berth/domain';
import type { RecordedEvent } from '@berth/event-store';

/** A message of `GET /events`, as dockerd sends it (with the legacy status/id/from). */
export interface DockerEventMessage {
  readonly status: string;
  readonly id: string;
  readonly from: string;
  readonly Type: 'container';
  readonly Action: string;
  readonly Actor: { readonly ID: string; readonly Attributes: Record<string, string> };
  readonly scope: 'local';
  readonly time: number;
  readonly timeNano: number;
}

interface Known {
  name: string;
  image: string;
  labels: Record<string, string>;
  stopping: boolean;
}

/**
 * Turns the container events of the log into Docker's events, in order. Stateful (names, images,
 * labels and pending stops come from earlier events), so it is fed the whole log from the start.
 * create, start, die (exitCode), kill (signal), stop (after the die of a stop),
 * pause, unpause, destroy. A failed start emits neither start nor die, as dockerd.
 */
export class DockerEventMapper {
  private readonly known = new Map<string, Known>();

  map(recorded: RecordedEvent): DockerEventMessage[] {
    if (!recorded.stream.startsWith('container-')) return [];
    const id = recorded.stream.slice('container-'.length);
    const event = { type: recorded.type, data: recorded.data } as ContainerEvent;
    const timeMs = Date.parse(recorded.recordedAt);
    if (event.type === 'ContainerCreated') {
      this.known.set(id, { name: event.data.name.replace(/^\//, ''), image: event.data.config.image, labels: { ...event.data.config.labels }, stopping: false });
    }
    const c = this.known.get(id);
    if (!c) return [];
    const out = (action: string, extra: Record<string, string> = {}): DockerEventMessage => ({
      status: action,
      id,
      from: c.image,
      Type: 'container',
      Action: action,
      Actor: { ID: id, Attributes: { ...c.labels, image: c.image, name: c.name, ...extra } },
      scope: 'local',
      time: Math.floor(timeMs / 1000),
      timeNano: timeMs * 1_000_000,
    });
    switch (event.type) {
      case 'ContainerCreated':
        return [out('create')];
      case 'ContainerStarted':
        c.stopping = false;
        return [out('start')];
      case 'StopRequested':
        c.stopping = true;
        return [out('kill', { signal: String(event.data.signal) })];
      case 'Killed':
        return [out('kill', { signal: String(event.data.signal) })];
      case 'ContainerExited': {
        const die = out('die', { exitCode: String(event.data.exitCode) });
        if (!c.stopping) return event.data.oomKilled ? [out('oom'), die] : [die];
        c.stopping = false;
        return [die, out('stop')];
      }
      case 'Paused':
        return [out('pause')];
      case 'Unpaused':
        return [out('unpause')];
      case 'ContainerRemoved':
        this.known.delete(id);
        return [out('destroy')];
      default:
        return [];
    }
  }
}
