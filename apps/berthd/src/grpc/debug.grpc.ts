import { Inject, Injectable } from '@nestjs/common';
import { containerStream, type ContainerState } from '@berth/domain';
import type { EventStore, RecordedEvent } from '@berth/event-store';
import {
  type AuditOutcome,
  checkPointInTime,
  containerHistory,
  EVENT_STORE,
  explainStarts,
  type ExplainNode,
  LIFECYCLE_OPTIONS,
  type LifecycleOptions,
  type PointInTime,
  queryAudit,
  replayContainer,
  stateAt,
  verifyStore,
} from '@berth/lifecycle';
import { ContainerLookup } from './container-lookup';
import { limitOf } from './events.grpc';
import type { DebugHandlers } from './generated/berth/v1/Debug';
import type { ExplainNode as ExplainNodeMessage } from './generated/berth/v1/ExplainNode';
import type { PointInTime__Output } from './generated/berth/v1/PointInTime';
import { RequestError } from './grpc-errors';
import { containerMessage } from './messages/container-message';
import { eventMessage } from './messages/event-message';
import { unary } from './unary';

const OUTCOMES: readonly AuditOutcome[] = ['accepted', 'rejected', 'not_modified'];
/** Replay sends each event with its changes: bounded so a reply stays under the message size. */
export const MAX_REPLAY_STEPS = 5_000;

function pointInTime(message: PointInTime__Output | null): PointInTime | undefined {
  if (!message?.at) return undefined;
  const at: PointInTime =
    message.at === 'revision' ? { revision: message.revision ?? 0 } : { time: message.time ?? '' };
  try {
    checkPointInTime(at);
  } catch (error) {
    throw new RequestError(error instanceof Error ? error.message : String(error));
  }
  return at;
}

const json = (value: unknown): string => (value === undefined ? '' : JSON.stringify(value));

function nodeMessage(node: ExplainNode): ExplainNodeMessage {
  return { ...node, children: node.children.map(nodeMessage) };
}

/** berth.v1.Debug: questions to the log (computed from the streams, removed containers included). */
@Injectable()
export class DebugGrpc {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LIFECYCLE_OPTIONS) private readonly options: LifecycleOptions,
    private readonly lookup: ContainerLookup,
  ) {}

  private async events(ref: string): Promise<{ id: string; events: RecordedEvent[] }> {
    const id = await this.lookup.resolve(ref);
    return { id, events: await this.store.readStream(containerStream(id)) };
  }

  handlers(): DebugHandlers {
    return {
      StateAt: unary('StateAt', async (req) => {
        const id = await this.lookup.resolve(req.container);
        const at = pointInTime(req.at) ?? { revision: Number.MAX_SAFE_INTEGER };
        const { state, revision } = await stateAt(this.store, id, at);
        return { containerId: id, revision, container: containerMessage(state) };
      }),
      Replay: unary('Replay', async (req) => {
        const { id, events } = await this.events(req.container);
        const replay = replayContainer(events, pointInTime(req.to));
        if (replay.steps.length > MAX_REPLAY_STEPS) {
          throw new RequestError(
            `replay of ${replay.steps.length} events is more than ${MAX_REPLAY_STEPS}: use StateAt, or replay to an earlier point`,
          );
        }
        return {
          containerId: id,
          revision: replay.revision,
          container: containerMessage(replay.state),
          steps: replay.steps.map((step) => ({
            event: eventMessage(step.event),
            changes: step.changes.map((c) => ({
              path: c.path,
              beforeJson: json(c.before),
              afterJson: json(c.after),
            })),
          })),
        };
      }),
      History: unary('History', async (req) => {
        const id = await this.lookup.resolve(req.container);
        const stream = containerStream(id);
        const limit = limitOf(req.limit);
        const from = Math.max(0, req.fromRevision);
        const page = await this.store.readStream(stream, { from, maxCount: limit + 1 });
        const previous =
          from > 0 ? (await this.store.readStream(stream, { from: from - 1, maxCount: 1 }))[0] : undefined;
        const [first] = from === 0 ? page : await this.store.readStream(stream, { maxCount: 1 });
        const [last] = await this.store.readStream(stream, { direction: 'backwards', maxCount: 1 });
        const entries = containerHistory(page.slice(0, limit), previous);
        return {
          containerId: id,
          name:
            first?.type === 'ContainerCreated' ? String((first.data as { name?: unknown }).name ?? '') : '',
          removed: last?.type === 'ContainerRemoved',
          nextRevision: page.length > limit ? page[limit]!.revision : -1,
          entries: entries.map((e) => ({
            event: eventMessage(e.event),
            deltaMs: e.deltaMs,
            summary: e.summary,
          })),
        };
      }),
      Explain: unary('Explain', async (req) => {
        const { id, events } = await this.events(req.container);
        const starts = explainStarts(events, {
          ...(req.startId ? { startId: req.startId } : {}),
          all: req.all,
        });
        const created =
          events[0]?.type === 'ContainerCreated' ? (events[0].data as Partial<ContainerState>) : undefined;
        return {
          containerId: id,
          name: created?.name ?? '',
          starts: starts.map((s) => ({
            startId: s.startId,
            summary: s.summary,
            outcome: s.outcome,
            totalMs: s.totalMs,
            root: nodeMessage(s.root),
          })),
        };
      }),
      Verify: unary('Verify', async (req) => {
        const ids = req.container ? [await this.lookup.resolve(req.container)] : undefined;
        const report = await verifyStore(this.store, ids, {
          context: { experimental: this.options.experimental, platform: 'linux' },
        });
        return {
          ...report,
          divergences: report.divergences.map((d) => ({
            containerId: d.containerId,
            revision: d.revision,
            position: d.position,
            command: d.command,
            commandId: d.commandId ?? '',
            reason: d.reason,
            recordedJson: JSON.stringify(d.recorded),
            decidedJson: d.decided ? JSON.stringify(d.decided) : '',
          })),
        };
      }),
      Audit: unary('Audit', async (req) => {
        if (req.outcome && !(OUTCOMES as readonly string[]).includes(req.outcome)) {
          throw new RequestError(`outcome "${req.outcome}" is not one of ${OUTCOMES.join(', ')}`);
        }
        const containers = req.container
          ? [await this.lookup.resolve(req.container).catch(() => req.container), req.container]
          : undefined;
        let records;
        try {
          records = await queryAudit(this.store, {
            ...(req.actor ? { actor: req.actor } : {}),
            ...(req.outcome ? { outcome: req.outcome as AuditOutcome } : {}),
            ...(req.command ? { command: req.command } : {}),
            ...(req.since ? { since: req.since } : {}),
            ...(containers ? { containers } : {}),
            limit: limitOf(req.limit),
          });
        } catch (error) {
          if (error instanceof Error && error.message.startsWith('invalid time'))
            throw new RequestError(error.message);
          throw error;
        }
        return {
          records: records.map((r) => ({
            position: r.auditPosition,
            recordedAt: r.recordedAt,
            command: r.command,
            container: r.container,
            actor: r.actor,
            source: r.source,
            commandId: r.commandId ?? '',
            outcome: r.outcome,
            errorKind: r.errorKind ?? '',
            error: r.error ?? '',
            eventPosition: r.position ?? 0,
            eventCount: r.eventCount,
          })),
        };
      }),
    };
  }
}
