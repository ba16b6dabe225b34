import {
  type ContainerCommand,
  type ContainerEvent,
  type ContainerState,
  decide,
  type DecideContext,
  evolve,
  initialState,
  isDomainError,
  LINUX,
} from '@berth/domain';
import type { EventStore, RecordedEvent } from '@berth/event-store';
import { toDomainEvent } from '../command/container-repository';
import { CONTAINER_STREAM_PREFIX } from '../projection/container-projection';
import { canonicalJson } from './canonical-json';
import { listContainerIds } from './container-ids';
import { diffStates } from './state-diff';

/** What `verify` re-runs: the domain's decide, or a changed one (an upgrade candidate, a test). */
export type Decider = (
  command: ContainerCommand,
  state: ContainerState,
  context: DecideContext,
) => ContainerEvent[];

export interface Divergence {
  readonly containerId: string;
  /** The first event of the command's batch. */
  readonly revision: number;
  readonly position: number;
  readonly command: string;
  readonly commandId?: string;
  /** In words. */
  readonly reason: string;
  readonly recorded: readonly { type: string; data: unknown }[];
  /** What the decider decides now; undefined when it now refuses the command. */
  readonly decided?: readonly { type: string; data: unknown }[];
}

export interface VerifyReport {
  readonly containers: number;
  /** Commands re-decided. */
  readonly commands: number;
  /** Events covered by those commands. */
  readonly events: number;
  /** Events no recorded command covers. */
  readonly uncheckedEvents: number;
  readonly divergences: Divergence[];
}

export interface VerifyOptions {
  readonly decider?: Decider;
  /** Default: linux, not experimental (what berthd decides with unless configured otherwise). */
  readonly context?: DecideContext;
}

const shape = (event: { type: string; data: unknown }): { type: string; data: unknown } => ({
  type: event.type,
  data: event.data,
});

/** Why two batches differ, in words; undefined when they are equal (type + data). */
function difference(
  recorded: readonly { type: string; data: unknown }[],
  decided: readonly { type: string; data: unknown }[],
): string | undefined {
  for (let i = 0; i < Math.max(recorded.length, decided.length); i++) {
    const r = recorded[i];
    const d = decided[i];
    if (!r) return `now decides ${decided.length} event(s), ${recorded.length} recorded: extra ${d!.type}`;
    if (!d) return `now decides ${decided.length} event(s), ${recorded.length} recorded: no ${r.type}`;
    if (r.type !== d.type) return `event ${i + 1}: recorded ${r.type}, now decided ${d.type}`;
    if (canonicalJson(r.data) !== canonicalJson(d.data)) {
      const changes = diffStates(JSON.parse(canonicalJson(r.data)), JSON.parse(canonicalJson(d.data)))
        .map((c) => `${c.path}: recorded ${JSON.stringify(c.before)}, now ${JSON.stringify(c.after)}`)
        .join('; ');
      return `${r.type} differs: ${changes}`;
    }
  }
  return undefined;
}

/**
 * Re-decides every command recorded in one container's stream (the command rides on the first
 * event of its batch: metadata command + commandData + batchSize) against the state folded from
 * the recorded events before it, and compares type and data of what it decides now with what was
 * recorded. The state always follows the recorded events, so one divergence does not cascade.
 */
export function verifyContainerEvents(
  containerId: string,
  events: readonly RecordedEvent[],
  options: VerifyOptions = {},
): Omit<VerifyReport, 'containers'> {
  const decider = options.decider ?? decide;
  const context = options.context ?? LINUX;
  const divergences: Divergence[] = [];
  let state = initialState;
  let commands = 0;
  let covered = 0;
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    const { command, commandData, batchSize, commandId } = event.metadata;
    if (command && commandData !== undefined) {
      const size = Math.max(1, Number(batchSize ?? '1') || 1);
      const recorded = events.slice(i, i + size).map(shape);
      commands++;
      covered += recorded.length;
      const base = {
        containerId,
        revision: event.revision,
        position: event.position,
        command,
        commandId,
        recorded,
      };
      try {
        const parsed = { type: command, data: JSON.parse(commandData) as unknown } as ContainerCommand;
        const decided = decider(parsed, state, context).map(shape);
        const reason = difference(recorded, decided);
        if (reason) divergences.push({ ...base, reason, decided });
      } catch (error) {
        const why = isDomainError(error)
          ? `${error.kind}: ${error.message}`
          : error instanceof Error
            ? error.message
            : String(error);
        divergences.push({ ...base, reason: `now refused (${why})` });
      }
    }
    state = evolve(state, toDomainEvent(event));
  }
  return { commands, events: covered, uncheckedEvents: events.length - covered, divergences };
}

/** verify over the log: one container (by id) or every container stream. */
export async function verifyStore(
  store: EventStore,
  containerIds?: readonly string[],
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const ids = containerIds ?? (await listContainerIds(store));
  const report = {
    containers: 0,
    commands: 0,
    events: 0,
    uncheckedEvents: 0,
    divergences: [] as Divergence[],
  };
  for (const id of ids) {
    const events = await store.readStream(`${CONTAINER_STREAM_PREFIX}${id}`);
    const one = verifyContainerEvents(id, events, options);
    report.containers++;
    report.commands += one.commands;
    report.events += one.events;
    report.uncheckedEvents += one.uncheckedEvents;
    report.divergences.push(...one.divergences);
  }
  return report;
}
