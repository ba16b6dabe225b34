import { type ContainerState, evolve, initialState, notFound, type RestartPolicy } from '@berth/domain';
import type { RecordedEvent } from '@berth/event-store';
import { toDomainEvent } from '../command/container-repository';
import type { ExplainNode, NodeStatus, StartExplanation, StartOutcome } from './explain-node';
import { cleanupWords, durationWords, failureWords, stageWords } from './words';

type Data = Record<string, unknown>;
const data = (event: RecordedEvent): Data =>
  typeof event.data === 'object' && event.data !== null ? (event.data as Data) : {};
const text = (value: unknown): string => (typeof value === 'string' ? value : String(value ?? ''));
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(text) : []);
const ms = (from: string, to: string): number => Math.max(0, Date.parse(to) - Date.parse(from));

export interface ExplainOptions {
  /** A start id or a unique prefix of one; default the latest start. */
  readonly startId?: string;
  /** Every start, oldest first. */
  readonly all?: boolean;
}

const policyWords = (policy: RestartPolicy): string =>
  policy.name === 'on-failure' && policy.maximumRetryCount > 0
    ? `on-failure:${policy.maximumRetryCount}`
    : policy.name;

/** Why an exit with no RestartScheduled was not restarted, or undefined when no policy asks for restarts. */
function notRestartedBecause(
  state: ContainerState,
  exitCode: number,
  stoppedByUser: boolean,
): string | undefined {
  const policy = state.hostConfig.restartPolicy;
  if (policy.name === 'no') return undefined;
  if (stoppedByUser) return `not restarted: stopped by the user (${policyWords(policy)})`;
  if (state.removalInProgress) return 'not restarted: the container is being removed';
  if (policy.name === 'on-failure' && exitCode === 0)
    return 'not restarted: exit code 0 (on-failure restarts only after a failure)';
  if (
    policy.name === 'on-failure' &&
    policy.maximumRetryCount > 0 &&
    state.RestartCount >= policy.maximumRetryCount
  ) {
    return `not restarted: ${policyWords(policy)} reached its maximum of ${policy.maximumRetryCount} restart${policy.maximumRetryCount === 1 ? '' : 's'}`;
  }
  return `not restarted (${policyWords(policy)})`;
}

class NodeBuilder {
  private last: string;
  constructor(start: string) {
    this.last = start;
  }
  node(
    step: string,
    event: RecordedEvent | undefined,
    words: string,
    status: NodeStatus,
    children: ExplainNode[] = [],
  ): ExplainNode {
    const at = event?.recordedAt ?? '';
    const durationMs = event ? ms(this.last, at) : 0;
    if (event) this.last = at;
    return { step, text: words, at, durationMs, status, children, revision: event?.revision ?? -1 };
  }
}

/** One start: the events from its StartRequested to the next StartRequested, and the state before it. */
function explainOne(before: ContainerState, slice: readonly RecordedEvent[]): StartExplanation {
  const request = slice[0]!;
  const requestData = data(request);
  const startId = text(requestData.startId);
  const build = new NodeBuilder(request.recordedAt);
  const policy = before.hostConfig.restartPolicy;
  const meta = request.metadata;
  const byRestartManager = requestData.resetRestartManager === false;
  const rootText = byRestartManager
    ? `restart ${before.restartManager.scheduled?.restartCount ?? before.RestartCount + 1} of ${policyWords(policy)} requested by the restart manager after exit ${before.State.ExitCode}`
    : `start requested by ${meta.actor ?? 'anonymous'} via ${meta.source ?? 'unknown'}${meta.commandId ? ` (command id ${meta.commandId})` : ''}`;
  const root = build.node('command', request, `${rootText} [start ${startId.slice(0, 8)}]`, 'info');
  const children = root.children;

  let state = evolve(before, toDomainEvent(request));
  let outcome: StartOutcome = 'in-progress';
  const summary: string[] = [];
  let startedAt: string | undefined;
  let stoppedByUser = false;
  let exitSeen: { code: number } | undefined;
  let restartDecided = false;
  const progress: string[] = [];

  for (const event of slice.slice(1)) {
    const d = data(event);
    if (typeof d.startId === 'string' && d.startId !== startId) {
      state = evolve(state, toDomainEvent(event));
      continue; // a stale record of another start
    }
    const actor = event.metadata.actor ?? 'anonymous';
    switch (event.type) {
      case 'HostConfigReplaced':
        children.push(
          build.node(
            'host-config',
            event,
            `host config replaced on start${d.networksReset ? ' (network settings reset)' : ''}`,
            'info',
          ),
        );
        break;
      case 'MountCompleted': {
        const volumes = (Array.isArray(d.mounts) ? d.mounts : []).length - 1;
        children.push(
          build.node(
            'mount',
            event,
            `mounted rootfs${volumes > 0 ? ` and ${volumes} volume mount(s)` : ''} at ${text(d.baseFs)}`,
            'ok',
          ),
        );
        progress.push('mounted');
        break;
      }
      case 'NetworkInitialized': {
        const ips = (Array.isArray(d.endpoints) ? d.endpoints : [])
          .map((e) => text((e as Data).ip))
          .filter(Boolean);
        children.push(
          build.node(
            'network',
            event,
            `initialized network ${text(d.mode)}${ips.length > 0 ? ` (${ips.join(', ')})` : ''}`,
            'ok',
          ),
        );
        progress.push('network initialized');
        break;
      }
      case 'ContainerStarted':
        startedAt = event.recordedAt;
        outcome = 'running';
        children.push(
          build.node('runtime', event, `runtime create + start: running as pid ${text(d.pid)}`, 'ok'),
        );
        summary.push(
          `started as pid ${text(d.pid)} in ${durationWords(ms(request.recordedAt, event.recordedAt))}`,
        );
        break;
      case 'StartFailed': {
        outcome = 'failed';
        const code = Number(d.exitCode);
        const where = stageWords(text(d.stage));
        const words = failureWords(text(d.error), before.config.path, code);
        const step = ['spec', 'create', 'start'].includes(text(d.stage)) ? 'runtime' : text(d.stage);
        children.push(
          build.node(step, event, `${where} failed: ${words} (exit ${code})`, 'failed', [
            {
              step: 'error',
              text: `error: ${text(d.error)}`,
              at: event.recordedAt,
              durationMs: 0,
              status: 'failed',
              children: [],
              revision: event.revision,
            },
          ]),
        );
        summary.push(`start failed at ${where}: ${words} (exit ${code})`);
        break;
      }
      case 'ContainerExited': {
        const code = Number(d.exitCode);
        exitSeen = { code };
        outcome = 'exited';
        const ran = startedAt ? ` after running ${durationWords(ms(startedAt, event.recordedAt))}` : '';
        children.push(
          build.node(
            'exit',
            event,
            `exited with code ${code}${d.oomKilled ? ' (OOM killed)' : ''}${ran}`,
            code === 0 ? 'ok' : 'failed',
          ),
        );
        summary.push(`exited with code ${code}${ran}`);
        break;
      }
      case 'RestartScheduled': {
        restartDecided = true;
        const words = `restart ${text(d.restartCount)} of ${policyWords(policy)} scheduled in ${text(d.delayMs)} ms`;
        children.push(build.node('restart', event, words, 'info'));
        summary.push(words);
        break;
      }
      case 'RestartCancelled':
        restartDecided = true;
        children.push(build.node('restart', event, `pending restart cancelled (${text(d.reason)})`, 'info'));
        break;
      case 'CleanupCompleted': {
        const steps = strings(d.steps);
        const warnings = strings(d.warnings);
        const reason = outcome === 'failed' ? 'the failed start' : 'the exit';
        const compensations: ExplainNode[] = [
          ...steps.map((s): ExplainNode => ({
            step: 'compensation',
            text: `${cleanupWords(s)} [${s}]`,
            at: event.recordedAt,
            durationMs: 0,
            status: 'ok',
            children: [],
            revision: event.revision,
          })),
          ...warnings.map((w): ExplainNode => ({
            step: 'warning',
            text: `warning: ${w}`,
            at: event.recordedAt,
            durationMs: 0,
            status: 'warning',
            children: [],
            revision: event.revision,
          })),
        ];
        children.push(
          build.node(
            'cleanup',
            event,
            `cleanup after ${reason}: ${steps.map(cleanupWords).join(', ')}`,
            warnings.length > 0 ? 'warning' : 'ok',
            compensations,
          ),
        );
        summary.push(
          `cleanup ${steps.map(cleanupWords).join(', ')}${warnings.length > 0 ? ` (${warnings.length} warning(s))` : ''}`,
        );
        break;
      }
      case 'StopRequested':
        stoppedByUser = true;
        children.push(
          build.node(
            'stop',
            event,
            `stop requested by ${actor} (signal ${text(d.signal)}, timeout ${text(d.timeoutSeconds)} s)`,
            'info',
          ),
        );
        break;
      case 'Killed':
        stoppedByUser = true;
        children.push(build.node('kill', event, `killed by ${actor} (signal ${text(d.signal)})`, 'info'));
        break;
      case 'Paused':
      case 'Unpaused':
        children.push(
          build.node(
            'pause',
            event,
            `${event.type === 'Paused' ? 'paused' : 'unpaused'} by ${actor}`,
            'info',
          ),
        );
        break;
      case 'RemovalRequested': {
        const auto = event.metadata.source === 'saga' && before.hostConfig.autoRemove;
        const words = auto
          ? 'removed because of --rm (AutoRemove)'
          : `removal requested by ${actor}${d.force ? ' (force)' : ''}`;
        children.push(build.node('removal', event, words, 'info'));
        summary.push(auto ? 'removed because of --rm' : `removed by ${actor}`);
        break;
      }
      case 'ContainerRemoved': {
        const removal = children.at(-1);
        const node = build.node('removed', event, 'container removed', 'ok');
        if (removal?.step === 'removal') removal.children.push(node);
        else {
          children.push(node);
          summary.push('removed');
        }
        break;
      }
    }
    state = evolve(state, toDomainEvent(event));
    if (exitSeen && !restartDecided && event.type === 'ContainerExited') {
      // The restart decision rides in the exit's batch: look at the rest of the batch first.
      const batch = Number(event.metadata.batchSize ?? '1');
      if (batch <= 1) {
        const why = notRestartedBecause(state, exitSeen.code, stoppedByUser);
        if (why) {
          children.push({
            step: 'restart',
            text: why,
            at: '',
            durationMs: 0,
            status: 'info',
            children: [],
            revision: -1,
          });
          summary.push(why);
        }
        restartDecided = true;
      }
    }
  }
  if (outcome === 'in-progress')
    summary.push(
      `start in progress${progress.length > 0 ? `: ${progress.join(', ')}` : ''}; waiting for the next step`,
    );
  else if (outcome === 'running') summary.push('running');
  else if (!slice.some((e) => e.type === 'CleanupCompleted' && data(e).startId === startId))
    summary.push('cleanup pending');
  const last = slice.at(-1)!;
  return {
    startId,
    summary: summary.join('; '),
    outcome,
    root,
    totalMs: ms(request.recordedAt, last.recordedAt),
  };
}

/**
 * A container's starts as causal trees: the command, each saga step, the runtime call and its
 * error, each compensation step, the restart decision and the removal — from its events only.
 */
export function explainStarts(
  events: readonly RecordedEvent[],
  options: ExplainOptions = {},
): StartExplanation[] {
  const starts = events.flatMap((event, index) => (event.type === 'StartRequested' ? [index] : []));
  if (starts.length === 0) throw notFound('the container was never started');
  let chosen = options.all ? starts : [starts.at(-1)!];
  if (options.startId) {
    const prefix = options.startId;
    chosen = starts.filter((i) => text(data(events[i]!).startId).startsWith(prefix));
    if (chosen.length === 0) throw notFound(`no start ${prefix} in the container's history`);
    if (chosen.length > 1) throw notFound(`start id prefix ${prefix} is ambiguous`);
  }
  const explanations: StartExplanation[] = [];
  let state = initialState;
  let folded = 0;
  for (const index of chosen) {
    for (; folded < index; folded++) state = evolve(state, toDomainEvent(events[folded]!));
    const next = starts.find((i) => i > index) ?? events.length;
    explanations.push(explainOne(state, events.slice(index, next)));
  }
  return explanations;
}
