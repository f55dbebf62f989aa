import { parseArgs } from 'node:util';
import { commands } from './commands/index';
import { type CliIO, ExitCode, UsageError, processIO } from './io';

export function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: ardoise <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `ardoise <command> --help` for the options of a command.',
    'Exit codes: 0 ok, 1 usage error, 2 config error, other = crash.',
  ].join('\n');
}

/** Entry point, testable in-process: returns the exit code instead of exiting. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? ExitCode.USAGE : ExitCode.OK;
  }
  if (name === '--version') {
    io.out('ardoise 0.1.0');
    return ExitCode.OK;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`ardoise: unknown command "${name}"\n\n${usage()}`);
    return ExitCode.USAGE;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.err(`ardoise ${name}: ${(error as Error).message}`);
      if (error instanceof UsageError && error.usage) io.err(error.usage);
      else io.err(`Run \`ardoise ${name} --help\` for usage.`);
      return ExitCode.USAGE;
    }
    throw error;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

// Re-exported for subcommands so they share one argument parser.
export { parseArgs };
