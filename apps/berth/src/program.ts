import { Command, CommanderError, Option } from 'commander';
import { endOptionsAfterImage } from './argv';
import { CliError } from './client/cli-error';
import { auditCommand } from './commands/audit';
import { containerCommands } from './commands/containers';
import { eventsCommand } from './commands/events';
import { explainCommand } from './commands/explain';
import { historyCommand } from './commands/history';
import { migrateCommand } from './commands/migrate';
import { rebuildCommand } from './commands/rebuild';
import { replayCommand } from './commands/replay';
import { verifyCommand } from './commands/verify';

/** The `berth` command line. */
export function createProgram(): Command {
  const program = new Command('berth')
    .description("berth's CLI: container commands over gRPC (berth.v1), and questions to the event log")
    .addOption(
      new Option(
        '--host <host:port>',
        "berthd's gRPC address [env BERTH_GRPC_ADDR; else the address file in the data dir; else 127.0.0.1:8421]",
      ),
    )
    .addOption(
      new Option(
        '--data-dir <dir>',
        "berthd's data directory, where it writes its address [env BERTH_DATA_DIR, default ./data]",
      ),
    )
    .option('--json', 'machine-readable output (NDJSON for event feeds)')
    .addOption(
      new Option(
        '--as <name>',
        'who you are, recorded with your commands as the actor [env BERTH_ACTOR, default your user name]',
      ),
    )
    .addOption(new Option('--tls-ca <file>', "CA of berthd's certificate: use TLS [env BERTH_GRPC_TLS_CA]"))
    .addOption(
      new Option('--tls-cert <file>', 'client certificate for mutual TLS [env BERTH_GRPC_TLS_CLIENT_CERT]'),
    )
    .addOption(new Option('--tls-key <file>', 'client key for mutual TLS [env BERTH_GRPC_TLS_CLIENT_KEY]'))
    .addOption(
      new Option(
        '--tls-server-name <name>',
        "name in berthd's certificate, if not the host [env BERTH_GRPC_TLS_SERVER_NAME]",
      ),
    )
    .showHelpAfterError()
    .exitOverride();
  containerCommands(program);
  eventsCommand(program);
  historyCommand(program);
  replayCommand(program);
  explainCommand(program);
  verifyCommand(program);
  auditCommand(program);
  rebuildCommand(program);
  migrateCommand(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI; resolves with the exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync(endOptionsAfterImage(argv, program), { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      if (error.message) process.stderr.write(`berth: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(
      `berth: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}
