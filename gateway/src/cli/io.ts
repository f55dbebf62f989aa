/** Exit codes (architecture.md ▶): 0 ok, 1 usage error, 2 config error, other = crash. */
export const ExitCode = {
  OK: 0,
  USAGE: 1,
  CONFIG: 2,
} as const;

/** Where a command writes; injected so commands are testable in-process. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

export const processIO: CliIO = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

export interface CliCommand {
  name: string;
  summary: string;
  /** argv after the command name. Returns the process exit code. */
  run(argv: string[], io: CliIO): Promise<number>;
}

/** Thrown for bad arguments; main() prints the message plus a hint and exits 1. */
export class UsageError extends Error {
  constructor(message: string, readonly usage?: string) {
    super(message);
    this.name = 'UsageError';
  }
}
