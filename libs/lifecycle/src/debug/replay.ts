import { type ContainerState, evolve, initialState } from '@berth/domain';
import type { RecordedEvent } from '@berth/event-store';
import { toDomainEvent } from '../command/container-repository';
import type { PointInTime } from '../projection/state-at';
import { diffStates, type StateChange } from './state-diff';

export interface ReplayStep {
  readonly event: RecordedEvent;
  readonly changes: StateChange[];
}

export interface Replay {
  readonly steps: ReplayStep[];
  readonly state: ContainerState;
  /** Revision of the last event applied (-1: none). */
  readonly revision: number;
}

/** Validates a point in time; throws a plain Error naming it when it is not one. */
export function checkPointInTime(at: PointInTime): number {
  const limit = 'revision' in at ? at.revision : Date.parse(at.time);
  if (!Number.isFinite(limit))
    throw new Error(`invalid point in time: ${JSON.stringify(at)} (a revision or an RFC 3339 time)`);
  return limit;
}

/** The events of a stream up to a point in time (a revision, inclusive, or a time: recorded at or before). */
export function eventsUpTo(events: readonly RecordedEvent[], to?: PointInTime): RecordedEvent[] {
  if (!to) return [...events];
  const limit = checkPointInTime(to);
  return events.filter((e) => ('revision' in to ? e.revision <= limit : Date.parse(e.recordedAt) <= limit));
}

/** Replays a container's events up to a point, keeping each event's state change. */
export function replayContainer(events: readonly RecordedEvent[], to?: PointInTime): Replay {
  let state = initialState;
  const steps: ReplayStep[] = [];
  for (const event of eventsUpTo(events, to)) {
    const next = evolve(state, toDomainEvent(event));
    steps.push({ event, changes: diffStates(state, next) });
    state = next;
  }
  return { steps, state, revision: steps.at(-1)?.event.revision ?? -1 };
}
