import type { Command } from 'commander';
import type { SubscribeReply__Output } from '../../../berthd/src/grpc/generated/berth/v1/SubscribeReply';
import type { SubscribeRequest } from '../../../berthd/src/grpc/generated/berth/v1/SubscribeRequest';
import { CliError, describeError } from '../client/cli-error';
import { action } from '../context';
import { actorText, eventJson } from '../format/event-json';
import { parseTimeArg } from '../format/time';
import { collect } from './create-options';
import { summarize } from './summaries';

interface EventsOptions {
  since?: string;
  until?: string;
  follow?: boolean;
  container: string[];
  type: string[];
  actor: string[];
  after?: string;
  audit?: boolean;
}

export function eventsCommand(program: Command): void {
  program
    .command('events')
    .description('the event feed: stored container events, oldest first (with --follow, then live ones)')
    .option('--since <time>', 'from this time (RFC 3339, Unix seconds, or a duration before now: 10m)')
    .option('--until <time>', 'up to this time')
    .option('-f, --follow', 'keep streaming live events')
    .option('-c, --container <container>', 'only this container (repeatable; removed ones too)', collect, [])
    .option('-t, --type <type>', 'only this event type (repeatable)', collect, [])
    .option('--actor <actor>', 'only events of this actor (repeatable)', collect, [])
    .option('--after <position>', 'only events after this log position')
    .option('--audit', 'also the command audit stream')
    .action(
      action(async (ctx, options: EventsOptions) => {
        let request: SubscribeRequest;
        try {
          request = {
            afterPosition: options.after !== undefined ? Number.parseInt(options.after, 10) : 0,
            containers: options.container,
            eventTypes: options.type,
            actors: options.actor,
            since: options.since ? parseTimeArg(options.since) : '',
            until: options.until ? parseTimeArg(options.until) : '',
            stopAtHead: options.follow !== true,
            includeAudit: options.audit === true,
          };
        } catch (error) {
          throw new CliError(error instanceof Error ? error.message : String(error));
        }
        const client = ctx.client();
        const stream = client.events.subscribe(request, client.metadata());
        const stop = (): void => stream.cancel();
        process.once('SIGINT', stop);
        const { io } = ctx;
        try {
          for await (const message of stream as AsyncIterable<SubscribeReply__Output>) {
            if (message.caughtUp) {
              if (options.follow && !io.json && io.tty)
                io.err(io.color.dim(`— caught up at position ${message.caughtUp.position}, following —`));
              continue;
            }
            const event = message.event;
            if (!event) continue;
            if (io.json) {
              io.printJson(eventJson(event), true);
              continue;
            }
            const subject = event.containerId ? `container ${event.containerId.slice(0, 12)}` : event.stream;
            io.out(
              [
                io.color.dim(event.recordedAt),
                io.color.dim(`#${event.position}`),
                subject,
                io.color.bold(event.type),
                summarize(event),
                io.color.dim(actorText(event)),
              ]
                .filter((part) => part !== '')
                .join('  '),
            );
          }
        } catch (error) {
          if ((error as { code?: number }).code === 1) return; // cancelled by ^C
          throw new CliError(describeError(error, client.target.address));
        } finally {
          process.off('SIGINT', stop);
        }
      }),
    );
}
