import { status } from '@grpc/grpc-js';
import type { Command } from 'commander';
import { join } from 'node:path';
import { readAddressFile } from '../../../berthd/src/grpc/address-file';
import type { RebuildProgress__Output } from '../../../berthd/src/grpc/generated/berth/v1/RebuildProgress';
import { CliError, describeError, isServiceError } from '../client/cli-error';
import { action, type Context } from '../context';
import { progressBar } from '../format/progress';

const PROJECTIONS = ['containers'];

interface RebuildResult {
  readonly mode: 'online' | 'offline';
  readonly applied: number;
  readonly position: number;
  readonly head: number;
  readonly elapsedMs: number;
}

/** Through berthd: it pauses the live projection, rebuilds beside it and swaps the new model in. */
async function online(ctx: Context, projection: string): Promise<RebuildResult> {
  const client = ctx.client();
  const bar = progressBar(ctx.io, `rebuild ${projection}`);
  let last: RebuildProgress__Output | undefined;
  try {
    for await (const progress of client.admin.rebuild(
      { projection },
      client.metadata(),
    ) as AsyncIterable<RebuildProgress__Output>) {
      last = progress;
      bar.update(
        progress.applied,
        progress.head > 0 ? Math.max(progress.applied, progress.head) : progress.applied,
      );
    }
  } finally {
    bar.stop();
  }
  if (!last?.done) throw new CliError('berthd ended the rebuild without finishing it');
  return {
    mode: 'online',
    applied: last.applied,
    position: last.position,
    head: last.head,
    elapsedMs: last.elapsedMs,
  };
}

/** berthd is not running: open the store and the read model file and rebuild in place. */
async function offline(ctx: Context, store: string | undefined): Promise<RebuildResult> {
  const { openEventStore, parseStoreUrl } = await import('@berth/event-store');
  const { ReadModelStore, rebuildReadModel, readModelPath } = await import('@berth/lifecycle');
  const dataDir = ctx.globals.dataDir;
  const events = await openEventStore(parseStoreUrl(store ?? `sqlite:${join(dataDir, 'berth.db')}`));
  const model = new ReadModelStore<never>(readModelPath(dataDir));
  const bar = progressBar(ctx.io, 'rebuild containers (offline)');
  const began = Date.now();
  try {
    const result = await rebuildReadModel(events, model, (p) =>
      bar.update(p.applied, Math.max(p.applied, p.head)),
    );
    return { mode: 'offline', ...result, elapsedMs: Date.now() - began };
  } finally {
    bar.stop();
    model.close();
    await events.close();
  }
}

export function rebuildCommand(program: Command): void {
  program
    .command('rebuild')
    .description(
      'rebuild a projection from the log, with a progress bar: through berthd while it runs (the live model is swapped atomically), ' +
        'or offline from the data dir when berthd is not running',
    )
    .argument('<projection>', `projection: ${PROJECTIONS.join(', ')}`)
    .option(
      '--offline',
      'do not ask berthd: rebuild the files of --data-dir directly (berthd must be stopped)',
    )
    .option(
      '--store <url>',
      'offline: the event store (default sqlite:<data-dir>/berth.db; kurrentdb://… also)',
    )
    .action(
      action(async (ctx, projection: string, options: { offline?: boolean; store?: string }) => {
        if (!PROJECTIONS.includes(projection))
          throw new CliError(`unknown projection "${projection}" (known: ${PROJECTIONS.join(', ')})`);
        let result: RebuildResult;
        if (options.offline) {
          if (readAddressFile(ctx.globals.dataDir))
            throw new CliError(
              `berthd is running on ${ctx.globals.dataDir}: rebuild through it (without --offline)`,
            );
          result = await offline(ctx, options.store);
        } else {
          try {
            result = await online(ctx, projection);
          } catch (error) {
            const unreachable = isServiceError(error) && error.code === status.UNAVAILABLE;
            if (!unreachable)
              throw error instanceof CliError
                ? error
                : new CliError(describeError(error, ctx.client().target.address));
            if (readAddressFile(ctx.globals.dataDir))
              throw new CliError(describeError(error, ctx.client().target.address));
            if (!ctx.io.json)
              ctx.io.err(
                `berthd is not reachable at ${ctx.client().target.address}: rebuilding offline from ${ctx.globals.dataDir}`,
              );
            result = await offline(ctx, options.store);
          }
        }
        if (ctx.io.json) return ctx.io.printJson({ projection, ...result });
        ctx.io.out(
          `rebuilt ${projection} (${result.mode}): ${result.applied} events applied up to position ${result.position} in ${result.elapsedMs} ms`,
        );
      }),
    );
}
