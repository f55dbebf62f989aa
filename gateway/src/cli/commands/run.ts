import { type CliCommand, ExitCode } from '../io';

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'not implemented yet',
  async run(_argv, io) {
    io.err('ardoise run: not implemented yet');
    return ExitCode.USAGE;
  },
};
