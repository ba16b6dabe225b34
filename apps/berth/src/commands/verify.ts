import type { Command } from 'commander';
import type { VerifyReply__Output } from '../../../berthd/src/grpc/generated/berth/v1/VerifyReply';
import { CliError } from '../client/cli-error';
import { action } from '../context';

export function verifyCommand(program: Command): void {
  program
    .command('verify')
    .description(
      're-decide every recorded command with the current deciders and report what would now be decided differently (exit 1 if anything)',
    )
    .argument('[container]', 'one container (default: every container in the log)')
    .action(
      action(async (ctx, container: string | undefined) => {
        const reply = await ctx.rpc((c) =>
          c.call<VerifyReply__Output>((md, cb) => c.debug.verify({ container: container ?? '' }, md, cb)),
        );
        const { io } = ctx;
        const count = reply.divergences.length;
        if (io.json) {
          io.printJson({
            ...reply,
            divergences: reply.divergences.map((d) => ({
              ...d,
              recorded: JSON.parse(d.recordedJson) as unknown,
              decided: d.decidedJson ? (JSON.parse(d.decidedJson) as unknown) : null,
            })),
          });
        } else {
          io.out(
            `verified ${reply.containers} container(s): ${reply.commands} command(s) re-decided covering ${reply.events} event(s)` +
              (reply.uncheckedEvents > 0
                ? `, ${reply.uncheckedEvents} event(s) without a recorded command`
                : ''),
          );
          for (const d of reply.divergences) {
            io.out(
              io.color.red(
                `divergence: container ${d.containerId.slice(0, 12)} revision ${d.revision} (position ${d.position}) ${d.command}${d.commandId ? ` [command id ${d.commandId}]` : ''}: ${d.reason}`,
              ),
            );
          }
          io.out(count === 0 ? io.color.green('0 divergences') : io.color.red(`${count} divergence(s)`));
        }
        if (count > 0) throw new CliError('', 1);
      }),
    );
}
