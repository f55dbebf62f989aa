import { type CliCommand, ExitCode } from '../io';

export const lorawanCommand: CliCommand = {
  name: 'lorawan',
  summary: 'not implemented yet',
  async run(_argv, io) {
    io.err('ardoise lorawan: not implemented yet');
    return ExitCode.USAGE;
  },
};
