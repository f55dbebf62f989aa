import { type CliCommand, ExitCode } from '../io';

export const codecCommand: CliCommand = {
  name: 'codec',
  summary: 'not implemented yet',
  async run(_argv, io) {
    io.err('ardoise codec: not implemented yet');
    return ExitCode.USAGE;
  },
};
