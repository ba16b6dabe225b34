import type { Command } from 'commander';
import { CliError } from '../client/cli-error';
import { action } from '../context';
import { progressBar } from '../format/progress';

interface MigrateOptions {
  from: string;
  to: string;
  batchSize?: string;
  name: string;
}

export function migrateCommand(program: Command): void {
  program
    .command('migrate')
    .description(
      'copy every event from one store to another, keeping ids, order, revisions and metadata (offline; resumable)',
    )
    .requiredOption('--from <url>', 'source store: sqlite:<file> or kurrentdb://host:2113?tls=false')
    .requiredOption('--to <url>', 'target store: sqlite:<file> or kurrentdb://…')
    .option('--batch-size <n>', 'events per batch (default 500)')
    .option('--name <name>', 'migration name: its checkpoint in the target, to resume', 'berth-cli')
    .action(
      action(async (ctx, options: MigrateOptions) => {
        const { migrateEvents, openEventStore, parseStoreUrl } = await import('@berth/event-store');
        let from;
        let to;
        try {
          from = parseStoreUrl(options.from);
          to = parseStoreUrl(options.to);
        } catch (error) {
          throw new CliError(error instanceof Error ? error.message : String(error));
        }
        const batchSize = options.batchSize ? Number.parseInt(options.batchSize, 10) : undefined;
        const source = await openEventStore(from);
        const abort = new AbortController();
        const onSigint = (): void => abort.abort();
        process.once('SIGINT', onSigint);
        const bar = progressBar(ctx.io, 'migrate');
        try {
          const target = await openEventStore(to);
          try {
            const result = await migrateEvents({
              from: source,
              to: target,
              checkpointName: options.name,
              ...(batchSize !== undefined ? { batchSize } : {}),
              signal: abort.signal,
              onProgress: (copied, total) => bar.update(copied, total),
            });
            bar.stop();
            if (ctx.io.json) return ctx.io.printJson(result);
            ctx.io.out(
              `migrated ${result.copied}/${result.total} events: ${result.appended} appended, ${result.skipped} already there` +
                (result.resumedFrom > 0 ? `, resumed after position ${result.resumedFrom}` : ''),
            );
          } finally {
            await target.close();
          }
        } catch (error) {
          bar.stop();
          if (abort.signal.aborted)
            throw new CliError(
              `migration interrupted: run the same command again to resume (checkpoint migrate:${options.name})`,
              130,
            );
          throw new CliError(error instanceof Error ? error.message : String(error));
        } finally {
          process.off('SIGINT', onSigint);
          await source.close();
        }
      }),
    );
}
