import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSimulation } from '../../simulate/run';
import { ScenarioError, loadScenario } from '../../simulate/scenario';
import { type CliCommand, ExitCode, UsageError } from '../io';
import { parseArgs } from '../main';

const USAGE = `Usage:
  ardoise simulate --config FILE --from ISO --to ISO [--out report.json] [--db FILE]

Runs the edge rules (lighting, irrigation, safety governor, SQLite journal) against a simulated
field on an accelerated clock, and prints (or writes with --out) a JSON report: per lamp group
the level timeline, energy and savings; per zone water used, waterings and skips; alarms;
commands by reason and outcome; mode changes. FILE is an agent config (site, devices, rules)
with an optional "simulation" section (rain, faults, overrides, drought, clock, link, restarts).
--db keeps the simulation database (default: a temporary file, removed afterwards).`;

const MAX_SPAN_MS = 400 * 86_400_000;

function instant(name: string, v: string | undefined): number {
  if (v === undefined) throw new UsageError(`missing --${name}`, USAGE);
  const t = Date.parse(v);
  if (!Number.isFinite(t)) throw new UsageError(`--${name} "${v}" is not an ISO 8601 date-time (e.g. 2026-12-21T12:00:00Z)`, USAGE);
  return t;
}

export const simulateCommand: CliCommand = {
  name: 'simulate',
  summary: 'run the rules on a simulated fleet and clock, print a JSON report',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { config: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, db: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      io.out(USAGE);
      return ExitCode.OK;
    }
    if (!values.config) throw new UsageError('missing --config FILE', USAGE);
    const from = instant('from', values.from);
    const to = instant('to', values.to);
    if (!(to > from)) throw new UsageError(`--to must be after --from`, USAGE);
    if (to - from > MAX_SPAN_MS) throw new UsageError(`simulated span is ${Math.round((to - from) / 86_400_000)} days; allowed: at most 400`, USAGE);
    let scenario;
    try {
      scenario = loadScenario(values.config);
    } catch (e) {
      if (e instanceof ScenarioError) {
        io.err(e.message);
        return ExitCode.CONFIG;
      }
      throw e;
    }
    const tmp = values.db ? undefined : mkdtempSync(join(tmpdir(), 'ardoise-simulate-'));
    try {
      const report = await runSimulation(scenario, from, to, values.db ?? join(tmp!, 'simulate.db'));
      const text = JSON.stringify(report, null, 2);
      if (values.out) {
        writeFileSync(values.out, text + '\n');
        io.out(`${values.out}: ${report.readings} readings, ${report.commands.total} commands, ${report.alarms.length} alarms in ${report.elapsedMs} ms`);
      } else io.out(text);
      return ExitCode.OK;
    } finally {
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    }
  },
};
