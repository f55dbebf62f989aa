import { type Agent, startAgent } from '../../agent/agent';
import { guardShutdown, waitForShutdownSignal } from '../../agent/signals';
import { checkStoragePath } from '../../agent/storage-check';
import { type Config, formatProblem, loadConfigFile } from '../../config/index';
import { demoConfig } from '../../demo/config';
import { createLogger } from '../../logging/index';
import { LorawanConfigError } from '../../lorawan/index';
import { StoreError } from '../../store/index';
import { type CliCommand, type CliIO, ExitCode, UsageError } from '../io';
import { parseArgs } from '../main';

const USAGE = `Usage: ardoise run [--config FILE] [--demo] [--speed N]

  --config FILE  the gateway config (YAML; see README "Config reference")
  --demo         run the embedded demo: Angers-like site, virtual fleet, database under ./var/
                 (with --config: the file's site/devices, plus the virtual fleet input)
  --speed N      accelerate the virtual fleet N times (report intervals divided by N)
  -h, --help     this help

Logs (JSON, pino) go to stderr; stdout gets the ready line and, in demo mode, a live summary.
SIGTERM/SIGINT: flush, close the database, exit 0 (forced after 5 s); a second signal exits at once (130).
Exit codes: 0 ok, 1 usage error, 2 config or storage error.`;

/** Graceful stop budget; beyond it the process exits with OVERRUN_EXIT (agent/signals.ts). */
export const STOP_TIMEOUT_MS = 5000;

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'run the gateway agent (--config FILE, or --demo)',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { config: { type: 'string', short: 'c' }, demo: { type: 'boolean' }, speed: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      io.out(USAGE);
      return ExitCode.OK;
    }
    const speed = parseSpeed(values.speed);
    if (!values.config && !values.demo) throw new UsageError('give --config FILE or --demo', USAGE);
    const loaded = values.config ? fromFile(values.config, io) : { config: demoConfig(process.cwd(), speed ?? 1), baseDir: process.cwd() };
    if (!loaded) return ExitCode.CONFIG;
    const { config } = loaded;
    if (values.demo || speed !== undefined) config.inputs.demo = { enabled: config.inputs.demo.enabled || values.demo === true, speed: speed ?? config.inputs.demo.speed };
    const storageProblem = checkStoragePath(config.storage.path);
    if (storageProblem) {
      io.err(`ardoise run: ${storageProblem}`);
      return ExitCode.CONFIG;
    }
    return runUntilSignal(config, loaded.baseDir, io, values.demo === true);
  },
};

function parseSpeed(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const speed = Number(text);
  if (!Number.isFinite(speed) || speed < 0.1 || speed > 10_000) throw new UsageError(`--speed ${text}: expected a number from 0.1 to 10000`, USAGE);
  return speed;
}

function fromFile(file: string, io: CliIO): { config: Config; baseDir: string } | undefined {
  const result = loadConfigFile(file);
  for (const warning of result.warnings) io.err(`warning: ${warning}`);
  if (result.ok) return { config: result.config, baseDir: result.baseDir };
  io.err(`ardoise run: ${file}: ${result.problems.length} config problem${result.problems.length > 1 ? 's' : ''}`);
  for (const problem of result.problems) io.err(`  ${formatProblem(problem)}`);
  return undefined;
}

async function runUntilSignal(config: Config, baseDir: string, io: CliIO, demo: boolean): Promise<number> {
  const log = createLogger({ level: config.logging.level });
  let agent: Agent;
  try {
    agent = await startAgent({ config, log, baseDir, portFallback: demo, ...(demo ? { summary: { write: (l) => io.out(l), intervalMs: 5000 } } : {}) });
  } catch (error) {
    if (isStartupConfigError(error)) {
      io.err(`ardoise run: ${(error as Error).message}`);
      return ExitCode.CONFIG;
    }
    throw error;
  }
  const { address } = agent;
  io.out(`ardoise: ready: site ${config.site.id}, ${config.devices.length} devices, database ${config.storage.path}, http://${address.address}:${address.port}/healthz`);
  const signal = await waitForShutdownSignal();
  // Armed before anything else (same tick as the first signal), so a second signal always meets it.
  const disarm = guardShutdown({ timeoutMs: STOP_TIMEOUT_MS, exit: (code) => process.exit(code), say: (line) => io.err(line) });
  io.out(`ardoise: ${signal} received, stopping (flush, close database)`);
  await slowStopFault(process.env);
  await agent.stop();
  disarm();
  const committed = agent.core.committer.rowsCommitted;
  io.out(`ardoise: stopped cleanly (${committed} readings committed this run)`);
  log.flush();
  return ExitCode.OK;
}

/** Errors that mean "fix the config or the machine", not a crash: exit 2 with the message. */
function isStartupConfigError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return error instanceof StoreError || error instanceof LorawanConfigError || code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL' || code === 'CONFIG';
}

/**
 * Fault injection for the signal tests (gateway/test/cli/run-signals.test.ts): with
 * ARDOISE_FAULT_SLOW_STOP_MS set, the graceful stop waits that long (at most 60 s) before it
 * starts, as a stop stuck on a slow disk would, so a second signal can be seen forcing the exit.
 * Unset in production; it only ever delays, it never skips a step of the stop.
 */
async function slowStopFault(env: NodeJS.ProcessEnv): Promise<void> {
  const ms = Number(env.ARDOISE_FAULT_SLOW_STOP_MS);
  if (Number.isFinite(ms) && ms > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(ms, 60_000)));
}
