import type { Command } from 'commander';

function takesValue(command: Command, token: string): boolean {
  if (token.includes('=')) return false;
  const option = command.options.find((o) => o.long === token || o.short === token);
  return option !== undefined && (option.required || option.optional);
}

/**
 * Docker's rule for `create <image> [command...]`: options end at the image, everything after it
 * is the container's command (`berth create host /bin/sh -c 'exit 1'`). Commander would read
 * `-c` as an option, so a `--` is put after the image (unless the user wrote one).
 */
export function endOptionsAfterImage(argv: readonly string[], program: Command, name = 'create'): string[] {
  const command = program.commands.find((c) => c.name() === name);
  if (!command) return [...argv];
  let i = 0;
  // Global options, then the command name.
  for (; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') return [...argv];
    if (!token.startsWith('-')) break;
    if (takesValue(program, token)) i++;
  }
  if (argv[i] !== name) return [...argv];
  for (i++; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') return [...argv];
    if (token.startsWith('-') && token.length > 1) {
      if (takesValue(command, token) || takesValue(program, token)) i++;
      continue;
    }
    // The image: whatever follows is the command.
    return i + 1 < argv.length && argv[i + 1] !== '--'
      ? [...argv.slice(0, i + 1), '--', ...argv.slice(i + 1)]
      : [...argv];
  }
  return [...argv];
}
