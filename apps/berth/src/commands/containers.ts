import { type Command, Option } from 'commander';
import type { CommandReply__Output } from '../../../berthd/src/grpc/generated/berth/v1/CommandReply';
import type { Container__Output } from '../../../berthd/src/grpc/generated/berth/v1/Container';
import type { CreateContainerReply__Output } from '../../../berthd/src/grpc/generated/berth/v1/CreateContainerReply';
import type { ListContainersReply__Output } from '../../../berthd/src/grpc/generated/berth/v1/ListContainersReply';
import { CliError } from '../client/cli-error';
import { action, type Context } from '../context';
import { commandText, containerJson, statusText } from '../format/container-status';
import { printTable } from '../format/table';
import { ago } from '../format/time';
import { collect, type CreateOptions, createRequest } from './create-options';

/**
 * Runs one command per container, as docker does: prints each reference it handled, reports each
 * failure on stderr, and fails (exit 1) if any failed. --command-id applies to a single container.
 */
async function each(
  ctx: Context,
  refs: readonly string[],
  commandId: string | undefined,
  run: (ref: string, commandId: string) => Promise<CommandReply__Output>,
): Promise<void> {
  if (commandId && refs.length > 1) throw new CliError('--command-id takes one container');
  const replies: (CommandReply__Output & { container: string })[] = [];
  let failed = 0;
  for (const ref of refs) {
    try {
      const reply = await ctx.rpc(() => run(ref, commandId ?? ''));
      replies.push({ ...reply, container: ref });
      if (!ctx.io.json) ctx.io.out(ref);
    } catch (error) {
      failed++;
      ctx.io.err(`berth: ${ref}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (ctx.io.json) ctx.io.printJson(replies);
  if (failed > 0) throw new CliError('', 1);
}

export function containerCommands(program: Command): void {
  program
    .command('create')
    .description('create a container')
    .argument('<image>', 'image (with the process runtime: a label, commands run on the host)')
    .argument('[command...]', 'command and arguments')
    .option('--name <name>', 'container name')
    .option('--rm', 'remove the container when it exits or its start fails (AutoRemove)')
    .option('--restart <policy>', 'restart policy: no, always, unless-stopped, on-failure[:max-retries]')
    .option('-e, --env <NAME=value>', 'environment variable (repeatable)', collect, [])
    .option('-l, --label <key=value>', 'label (repeatable)', collect, [])
    .option('-v, --volume <src:dst[:mode]>', 'bind mount (repeatable)', collect, [])
    .option('--tmpfs <path[:options]>', 'tmpfs mount (repeatable)', collect, [])
    .option('--security-opt <option>', 'security option (repeatable)', collect, [])
    .option('--dns <ip>', 'DNS server (repeatable)', collect, [])
    .option('--entrypoint <command>', 'override the entrypoint')
    .option('-w, --workdir <dir>', 'working directory')
    .option('-u, --user <user>', 'user[:group]')
    .option('--hostname <name>', 'host name')
    .option('--network <mode>', 'network mode: default, bridge, host, none')
    .option('--read-only', 'read-only root filesystem')
    .option('--shm-size <size>', 'size of /dev/shm (e.g. 64m)')
    .option('--log-driver <driver>', 'json-file or none')
    .option('-t, --tty', 'allocate a TTY')
    .option('--command-id <id>', 'idempotency key: a retry with the same id returns the first outcome')
    .action(
      action(async (ctx, image: string, command: string[], options: CreateOptions) => {
        const request = createRequest(image, command, options);
        const reply = await ctx.rpc((c) =>
          c.call<CreateContainerReply__Output>((md, cb) => c.lifecycle.createContainer(request, md, cb)),
        );
        if (ctx.io.json) return ctx.io.printJson(reply);
        for (const warning of reply.warnings) ctx.io.err(`WARNING: ${warning}`);
        ctx.io.out(reply.id);
      }),
    );

  program
    .command('start')
    .description('start containers (returns when each is running, or its start failed and was cleaned up)')
    .argument('<container...>')
    .option('--command-id <id>', 'idempotency key')
    .action(
      action(async (ctx, refs: string[], options: { commandId?: string }) =>
        each(ctx, refs, options.commandId, (container, commandId) =>
          ctx
            .client()
            .call<CommandReply__Output>((md, cb) =>
              ctx.client().lifecycle.startContainer({ container, commandId }, md, cb),
            ),
        ),
      ),
    );

  program
    .command('stop')
    .description('stop containers: the stop signal, then SIGKILL after the timeout')
    .argument('<container...>')
    .addOption(
      new Option('-t, --time <seconds>', 'seconds to wait before SIGKILL (-1: for ever)').argParser((v) =>
        Number.parseInt(v, 10),
      ),
    )
    .option('-s, --signal <signal>', 'signal to send first')
    .option('--command-id <id>', 'idempotency key')
    .action(
      action(async (ctx, refs: string[], options: { time?: number; signal?: string; commandId?: string }) =>
        each(ctx, refs, options.commandId, (container, commandId) =>
          ctx.client().call<CommandReply__Output>((md, cb) =>
            ctx.client().lifecycle.stopContainer(
              {
                container,
                commandId,
                signal: options.signal ?? '',
                ...(options.time !== undefined ? { timeoutSeconds: options.time } : {}),
              },
              md,
              cb,
            ),
          ),
        ),
      ),
    );

  program
    .command('kill')
    .description('send a signal to containers (default SIGKILL)')
    .argument('<container...>')
    .option('-s, --signal <signal>', 'signal', '')
    .option('--command-id <id>', 'idempotency key')
    .action(
      action(async (ctx, refs: string[], options: { signal: string; commandId?: string }) =>
        each(ctx, refs, options.commandId, (container, commandId) =>
          ctx
            .client()
            .call<CommandReply__Output>((md, cb) =>
              ctx.client().lifecycle.killContainer({ container, commandId, signal: options.signal }, md, cb),
            ),
        ),
      ),
    );

  for (const [name, description] of [
    ['pause', 'pause containers'],
    ['unpause', 'unpause containers'],
  ] as const) {
    program
      .command(name)
      .description(description)
      .argument('<container...>')
      .option('--command-id <id>', 'idempotency key')
      .action(
        action(async (ctx, refs: string[], options: { commandId?: string }) =>
          each(ctx, refs, options.commandId, (container, commandId) =>
            ctx
              .client()
              .call<CommandReply__Output>((md, cb) =>
                name === 'pause'
                  ? ctx.client().lifecycle.pauseContainer({ container, commandId }, md, cb)
                  : ctx.client().lifecycle.unpauseContainer({ container, commandId }, md, cb),
              ),
          ),
        ),
      );
  }

  program
    .command('rm')
    .description('remove containers')
    .argument('<container...>')
    .option('-f, --force', 'kill a running container first')
    .option('-v, --volumes', 'remove its anonymous volumes')
    .option('--command-id <id>', 'idempotency key')
    .action(
      action(
        async (ctx, refs: string[], options: { force?: boolean; volumes?: boolean; commandId?: string }) =>
          each(ctx, refs, options.commandId, (container, commandId) =>
            ctx.client().call<CommandReply__Output>((md, cb) =>
              ctx.client().lifecycle.removeContainer(
                {
                  container,
                  commandId,
                  force: options.force === true,
                  removeVolumes: options.volumes === true,
                },
                md,
                cb,
              ),
            ),
          ),
      ),
    );

  program
    .command('ps')
    .description('list containers')
    .option('-a, --all', 'include stopped containers')
    .option('-q, --quiet', 'ids only')
    .option('--no-trunc', 'full ids and commands')
    .action(
      action(async (ctx, options: { all?: boolean; quiet?: boolean; trunc: boolean }) => {
        const reply = await ctx.rpc((c) =>
          c.call<ListContainersReply__Output>((md, cb) =>
            c.lifecycle.listContainers({ all: options.all === true }, md, cb),
          ),
        );
        if (ctx.io.json) return ctx.io.printJson(reply.containers.map(containerJson));
        const id = (c: Container__Output): string => (options.trunc ? c.id.slice(0, 12) : c.id);
        if (options.quiet) return reply.containers.forEach((c) => ctx.io.out(id(c)));
        printTable(
          ctx.io,
          ['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'NAMES'],
          reply.containers.map((c) => [
            id(c),
            c.config?.image ?? '',
            commandText(c, options.trunc),
            ago(c.created),
            statusText(c),
            c.name.replace(/^\//, ''),
          ]),
        );
      }),
    );

  program
    .command('inspect')
    .description('show containers as JSON (the complete state berth folds from their events)')
    .argument('<container...>')
    .action(
      action(async (ctx, refs: string[]) => {
        const found: Record<string, unknown>[] = [];
        let failed = 0;
        for (const container of refs) {
          try {
            const reply = await ctx.rpc((c) =>
              c.call<Container__Output>((md, cb) => c.lifecycle.inspectContainer({ container }, md, cb)),
            );
            found.push(containerJson(reply));
          } catch (error) {
            failed++;
            ctx.io.err(`berth: ${container}: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
        ctx.io.printJson(found);
        if (failed > 0) throw new CliError('', 1);
      }),
    );
}
