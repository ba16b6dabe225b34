import type { Command } from 'commander';
import type { Container__Output } from '../../../berthd/src/grpc/generated/berth/v1/Container';
import type { PointInTime } from '../../../berthd/src/grpc/generated/berth/v1/PointInTime';
import type { ReplayReply__Output } from '../../../berthd/src/grpc/generated/berth/v1/ReplayReply';
import type { StateAtReply__Output } from '../../../berthd/src/grpc/generated/berth/v1/StateAtReply';
import { CliError } from '../client/cli-error';
import { action, type Context } from '../context';
import { containerJson, statusText } from '../format/container-status';
import { eventJson } from '../format/event-json';
import { parseTimeArg } from '../format/time';
import { summarize } from './summaries';

/** --to: a revision (digits) or a time. */
export function pointOf(to: string | undefined): PointInTime | null {
  if (to === undefined) return null;
  if (/^\d+$/.test(to)) return { revision: Number(to) };
  try {
    return { time: parseTimeArg(to) };
  } catch (error) {
    throw new CliError(`--to: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function printState(ctx: Context, container: Container__Output, revision: number): void {
  const { io } = ctx;
  if (!container.exists) {
    io.out(
      revision < 0
        ? 'no events at that point: the container did not exist yet'
        : `at revision ${revision} the container does not exist (removed)`,
    );
    return;
  }
  const aggregate = JSON.parse(container.stateJson || '{}') as {
    currentStart?: { startId: string; progress: string };
    removalInProgress?: boolean;
  };
  const s = container.state!;
  const rows: [string, string][] = [
    ['container', `${container.name} ${container.id}`],
    ['revision', String(revision)],
    ['status', `${s.status} (${statusText(container)})`],
    ['exit code', String(s.exitCode)],
    ['error', s.error || '-'],
    ['pid', String(s.pid)],
    ['restart count', String(container.restartCount)],
    [
      'current start',
      aggregate.currentStart
        ? `${aggregate.currentStart.startId.slice(0, 8)} ${aggregate.currentStart.progress}`
        : '-',
    ],
    ['removal in progress', String(aggregate.removalInProgress === true)],
  ];
  for (const [key, value] of rows) io.out(`${io.color.bold(key.padEnd(20))}${value}`);
}

export function replayCommand(program: Command): void {
  program
    .command('replay')
    .description("a container's state at a point of its history, replayed from its events")
    .argument('<container>', 'id, name or id prefix (removed containers too)')
    .option('--to <revision|time>', 'a revision (inclusive) or a time (default: the end)')
    .option('--step', 'print each event with the state change it caused')
    .action(
      action(async (ctx, container: string, options: { to?: string; step?: boolean }) => {
        const at = pointOf(options.to);
        const { io } = ctx;
        if (!options.step) {
          const reply = await ctx.rpc((c) =>
            c.call<StateAtReply__Output>((md, cb) => c.debug.stateAt({ container, at }, md, cb)),
          );
          if (io.json)
            return io.printJson({
              containerId: reply.containerId,
              revision: reply.revision,
              container: containerJson(reply.container!),
            });
          return printState(ctx, reply.container!, reply.revision);
        }
        const reply = await ctx.rpc((c) =>
          c.call<ReplayReply__Output>((md, cb) => c.debug.replay({ container, to: at }, md, cb)),
        );
        if (io.json) {
          return io.printJson({
            containerId: reply.containerId,
            revision: reply.revision,
            steps: reply.steps.map((s) => ({
              event: eventJson(s.event!),
              changes: s.changes.map((c) => ({
                path: c.path,
                before: c.beforeJson ? (JSON.parse(c.beforeJson) as unknown) : undefined,
                after: c.afterJson ? (JSON.parse(c.afterJson) as unknown) : undefined,
              })),
            })),
            container: containerJson(reply.container!),
          });
        }
        for (const step of reply.steps) {
          const event = step.event!;
          io.out(
            `${io.color.bold(`#${event.revision} ${event.type}`)}  ${io.color.dim(event.recordedAt)}  ${summarize(event)}`,
          );
          for (const change of step.changes) {
            const show = (json: string): string =>
              json === '' ? '∅' : json.length > 120 ? `${json.slice(0, 117)}…` : json;
            io.out(
              `    ${change.path}: ${io.color.red(show(change.beforeJson))} → ${io.color.green(show(change.afterJson))}`,
            );
          }
        }
        io.out();
        printState(ctx, reply.container!, reply.revision);
      }),
    );
}
