import { type CliCommand, ExitCode } from '../io';

export const configCommand: CliCommand = {
  name: 'config',
  summary: 'not implemented yet',
  async run(_argv, io) {
    io.err('ardoise config: not implemented yet');
    return ExitCode.USAGE;
  },
};
