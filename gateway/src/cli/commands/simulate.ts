import { type CliCommand, ExitCode } from '../io';

export const simulateCommand: CliCommand = {
  name: 'simulate',
  summary: 'not implemented yet',
  async run(_argv, io) {
    io.err('ardoise simulate: not implemented yet');
    return ExitCode.USAGE;
  },
};
