import type { Command } from 'commander';
import type { AuditReply__Output } from '../../../berthd/src/grpc/generated/berth/v1/AuditReply';
import { CliError } from '../client/cli-error';
import { action } from '../context';
import { printTable } from '../format/table';
import { parseTimeArg } from '../format/time';

interface AuditOptions {
  actor?: string;
  outcome?: string;
  container?: string;
  command?: string;
  since?: string;
  limit?: string;
}

export function auditCommand(program: Command): void {
  program
    .command('audit')
    .description('the command audit stream: who sent which command, from where, and the outcome')
    .option('--actor <actor>', 'only this actor')
    .option('--outcome <outcome>', 'accepted, rejected or not_modified')
    .option('-c, --container <container>', 'only commands on this container')
    .option('--command <type>', 'only this command type (StartContainer, ...)')
    .option('--since <time>', 'from this time (RFC 3339, Unix seconds, or a duration: 1h)')
    .option('-n, --limit <n>', 'the newest n records (default 1000)')
    .action(
      action(async (ctx, options: AuditOptions) => {
        let since = '';
        try {
          since = options.since ? parseTimeArg(options.since) : '';
        } catch (error) {
          throw new CliError(error instanceof Error ? error.message : String(error));
        }
        const request = {
          actor: options.actor ?? '',
          outcome: options.outcome ?? '',
          container: options.container ?? '',
          command: options.command ?? '',
          since,
          limit: options.limit ? Number.parseInt(options.limit, 10) : 0,
        };
        const reply = await ctx.rpc((c) =>
          c.call<AuditReply__Output>((md, cb) => c.debug.audit(request, md, cb)),
        );
        const { io } = ctx;
        if (io.json) return io.printJson(reply.records);
        printTable(
          io,
          ['TIME', 'ACTOR', 'SOURCE', 'COMMAND', 'CONTAINER', 'OUTCOME', 'ERROR'],
          reply.records.map((r) => [
            r.recordedAt,
            r.actor,
            r.source,
            r.command,
            r.container.slice(0, 12),
            r.outcome === 'rejected' ? io.color.red(r.outcome) : r.outcome,
            r.error ? `${r.errorKind}: ${r.error}` : '',
          ]),
        );
      }),
    );
}
