import type { Command } from 'commander';
import type { ExplainNode__Output } from '../../../berthd/src/grpc/generated/berth/v1/ExplainNode';
import type { ExplainReply__Output } from '../../../berthd/src/grpc/generated/berth/v1/ExplainReply';
import { action } from '../context';
import type { Io } from '../io';
import { delta } from '../format/time';

function line(io: Io, node: ExplainNode__Output): string {
  const paint =
    node.status === 'failed'
      ? io.color.red
      : node.status === 'warning'
        ? io.color.yellow
        : node.status === 'ok'
          ? io.color.green
          : (s: string) => s;
  const time = node.at && node.durationMs > 0 ? io.color.dim(` (${delta(node.durationMs)})`) : '';
  return `${paint(node.text)}${time}`;
}

/** The causal tree as indented lines. */
function tree(io: Io, root: ExplainNode__Output): string[] {
  const lines = [line(io, root)];
  const walk = (nodes: readonly ExplainNode__Output[], prefix: string): void => {
    nodes.forEach((node, index) => {
      const last = index === nodes.length - 1;
      lines.push(`${prefix}${last ? '└─ ' : '├─ '}${line(io, node)}`);
      walk(node.children, `${prefix}${last ? '   ' : '│  '}`);
    });
  };
  walk(root.children, '');
  return lines;
}

export function explainCommand(program: Command): void {
  program
    .command('explain')
    .description("a container's last (or a given) start as a causal tree, in words")
    .argument('<container>', 'id, name or id prefix (removed containers too)')
    .option('--start <id>', 'a start id or a unique prefix of one')
    .option('--all', 'every start, oldest first')
    .action(
      action(async (ctx, container: string, options: { start?: string; all?: boolean }) => {
        const reply = await ctx.rpc((c) =>
          c.call<ExplainReply__Output>((md, cb) =>
            c.debug.explain({ container, startId: options.start ?? '', all: options.all === true }, md, cb),
          ),
        );
        const { io } = ctx;
        if (io.json) return io.printJson(reply);
        io.out(
          io.color.bold(`container ${reply.name || reply.containerId.slice(0, 12)} ${reply.containerId}`),
        );
        for (const start of reply.starts) {
          io.out();
          io.out(`${io.color.bold(`start ${start.startId}`)} — ${start.outcome}, ${start.totalMs} ms`);
          io.out(start.summary);
          io.out();
          for (const text of tree(io, start.root!)) io.out(`  ${text}`);
        }
      }),
    );
}
