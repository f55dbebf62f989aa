import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type CliCommand, ExitCode, UsageError } from '../io';

const HELP = `Usage: ardoise bench [SUITE...] [--quick] [--json]

Runs the benchmarks of @ardoise/test-bench (a development install) and prints each figure,
with its ratio to a baseline measured in the same run. No SUITE runs them all.

Options:
  --quick   smaller workloads (a smoke run; figures are not comparable)
  --json    print the reports as JSON
  --help    this text`;

// Loaded by name at run time: the bench suites are dev tooling, not part of the daemon bundle.
const BENCH_MODULE = '@ardoise/test-bench/bench';

export const benchCommand: CliCommand = {
  name: 'bench',
  summary: 'run the benchmarks (figures and ratios to a same-run baseline)',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { quick: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      io.out(HELP);
      return ExitCode.OK;
    }
    let bench: typeof import('@ardoise/test-bench/bench');
    try {
      bench = (await import(BENCH_MODULE)) as typeof import('@ardoise/test-bench/bench');
    } catch (error) {
      io.err(`ardoise bench: the benchmarks need a development install (npm ci in the repository): ${(error as Error).message}`);
      return ExitCode.USAGE;
    }
    const names = positionals.length > 0 ? positionals : Object.keys(bench.suites);
    for (const name of names) {
      if (!bench.suites[name]) {
        throw new UsageError(`unknown suite "${name}"; known: ${Object.keys(bench.suites).join(', ') || '(none)'}`, HELP);
      }
    }
    const reports = [];
    for (const name of names) {
      const workDir = mkdtempSync(join(tmpdir(), `ardoise-bench-${name}-`));
      try {
        const suite = await bench.suites[name]!();
        const report = await suite({ quick: Boolean(values.quick), workDir, log: (l) => io.err(l) });
        reports.push(report);
        if (!values.json) io.out(bench.formatReport(report));
      } finally {
        rmSync(workDir, { recursive: true, force: true });
      }
    }
    if (values.json) io.out(JSON.stringify(reports, null, 2));
    return ExitCode.OK;
  },
};
