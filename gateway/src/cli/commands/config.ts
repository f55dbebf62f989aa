import { configJsonSchemaText, formatProblem, loadConfigFile } from '../../config/index';
import { type CliCommand, ExitCode, UsageError } from '../io';
import { parseArgs } from '../main';

const USAGE = `Usage:
  ardoise config check FILE   validate FILE; prints OK or every problem (exit 2)
  ardoise config schema       print the JSON Schema of the config file (for editors)

Problems are printed one per line as  key.path: what is wrong (got VALUE).
Warnings (e.g. a secret file readable by others) go to stderr and do not fail the check.`;

export const configCommand: CliCommand = {
  name: 'config',
  summary: 'validate a config file (check) or print its JSON Schema (schema)',
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      io.out(USAGE);
      return ExitCode.OK;
    }
    const [action, file, ...extra] = positionals;
    if (action === 'schema' && file === undefined) {
      io.out(configJsonSchemaText());
      return ExitCode.OK;
    }
    if (action !== 'check') throw new UsageError(action ? `unknown action "${action}"` : 'missing action', USAGE);
    if (file === undefined || extra.length > 0) throw new UsageError('config check takes exactly one FILE', USAGE);
    const result = loadConfigFile(file);
    for (const warning of result.warnings) io.err(`warning: ${warning}`);
    if (!result.ok) {
      io.out(`${file}: ${result.problems.length} problem${result.problems.length > 1 ? 's' : ''}`);
      for (const problem of result.problems) io.out(`  ${formatProblem(problem)}`);
      return ExitCode.CONFIG;
    }
    io.out(`${file}: OK (site ${result.config.site.id}, ${result.config.devices.length} devices)`);
    return ExitCode.OK;
  },
};
