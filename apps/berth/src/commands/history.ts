import type { Command } from 'commander';
import type { HistoryEntry__Output } from '../../../berthd/src/grpc/generated/berth/v1/HistoryEntry';
import type { HistoryReply__Output } from '../../../berthd/src/grpc/generated/berth/v1/HistoryReply';
import { action } from '../context';
import { actorText, correlationOf, eventJson } from '../format/event-json';
import { printTable } from '../format/table';
import { clock, delta } from '../format/time';

const PAGE = 1000;

export function historyCommand(program: Command): void {
  program
    .command('history')
    .description(
      "a container's timeline: revision, position, time, Δt, event, key fields, actor, correlation (removed containers too)",
    )
    .argument('<container>', 'id, name or id prefix')
    .action(
      action(async (ctx, container: string) => {
        const entries: HistoryEntry__Output[] = [];
        let head: HistoryReply__Output | undefined;
        for (let from = 0; from >= 0;) {
          const page = await ctx.rpc((c) =>
            c.call<HistoryReply__Output>((md, cb) =>
              c.debug.history({ container, fromRevision: from, limit: PAGE }, md, cb),
            ),
          );
          head ??= page;
          entries.push(...page.entries);
          from = page.nextRevision;
        }
        const reply = head!;
        if (ctx.io.json) {
          return ctx.io.printJson({
            containerId: reply.containerId,
            name: reply.name,
            removed: reply.removed,
            entries: entries.map((e) => ({ ...eventJson(e.event!), deltaMs: e.deltaMs, summary: e.summary })),
          });
        }
        const { io } = ctx;
        io.out(
          `${io.color.bold(`container ${reply.name || reply.containerId.slice(0, 12)}`)} ${reply.containerId}${reply.removed ? io.color.yellow(' (removed)') : ''}`,
        );
        printTable(
          io,
          ['REV', 'POS', 'TIME', 'ΔT', 'EVENT', 'DETAILS', 'ACTOR', 'CORRELATION'],
          entries.map((e) => {
            const event = e.event!;
            const type =
              event.type === 'StartFailed'
                ? io.color.red(event.type)
                : event.type === 'ContainerStarted'
                  ? io.color.green(event.type)
                  : event.type;
            return [
              String(event.revision),
              String(event.position),
              clock(event.recordedAt),
              e.event!.revision === 0 ? '' : delta(e.deltaMs),
              type,
              e.summary,
              actorText(event),
              correlationOf(event),
            ];
          }),
        );
      }),
    );
}
