import type { CliCommand } from '../io';
import { benchCommand } from './bench';
import { codecCommand } from './codec';
import { configCommand } from './config';
import { lorawanCommand } from './lorawan';
import { runCommand } from './run';
import { simulateCommand } from './simulate';

/** Every `ardoise` subcommand, one module each. */
export const commands: readonly CliCommand[] = [
  runCommand,
  configCommand,
  codecCommand,
  lorawanCommand,
  simulateCommand,
  benchCommand,
];
