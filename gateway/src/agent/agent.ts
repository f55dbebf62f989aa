import type { AddressInfo } from 'node:net';
import { type Clock, RealClock } from '@ardoise/device-sdk';
import type { Config } from '../config/index';
import { startSummary } from '../demo/summary';
import { startNtpCheck } from '../health/ntp-check';
import { HttpServer } from '../http/server';
import { type Logger, moduleLogger } from '../logging/index';
import { type Core, openCore } from './core';
import { type DemoTransport, startInputs } from './inputs';
import { startRules } from './rules';
import { startUpstream } from './upstream';

export interface AgentOptions {
  config: Config;
  log: Logger;
  clock?: Clock;
  /** Terminal summary line writer (demo); omitted → no summary. */
  summary?: { write(line: string): void; intervalMs: number };
  /** If the configured API port is busy, listen on a free port instead (demo only). */
  portFallback?: boolean;
  /** Folder that secret file references are resolved against (default: current folder). */
  baseDir?: string;
  /** Environment for `{env: NAME}` secret references (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Route the demo fleet through another transport (e.g. the LoRaWAN air demo). */
  demoTransport?: DemoTransport;
}

export interface Agent {
  core: Core;
  http: HttpServer;
  address: AddressInfo;
  /** UDP port of the Semtech UDP (LoRaWAN) input, when enabled. */
  lorawanPort?: number;
  /** Stop inputs, flush the group commit, close HTTP and the database. Idempotent. */
  stop(): Promise<void>;
}

const MAINTENANCE_MS = 10 * 60_000;

/**
 * Wires a running gateway: core (store, pipeline, health), HTTP, maintenance, inputs, rules,
 * pull API, sync. Stop: inputs first, drained (nothing new comes in, frames in flight are
 * committed), then the rest in reverse (summary, upstream, rules, maintenance, HTTP), then the
 * group commit is flushed and the store closed (docs/agent.md, Lifecycle).
 */
export async function startAgent(o: AgentOptions): Promise<Agent> {
  const clock = o.clock ?? new RealClock();
  const { config, log } = o;
  const secrets = { baseDir: o.baseDir ?? process.cwd(), env: o.env ?? process.env };
  const core = openCore({ config, clock, log });
  const stops: (() => void | Promise<void>)[] = [];
  try {
    const http = new HttpServer({ bind: config.api.bind, port: config.api.port, health: () => core.health.snapshot(), metrics: core.metrics, log: moduleLogger(log, 'http') });
    const address = await listen(http, o.portFallback === true, log);
    stops.push(() => http.close());
    stops.push(startMaintenance(core, clock, moduleLogger(log, 'maintenance')));
    const ntp = config.health.ntp_check;
    if (ntp) stops.push(startNtpCheck({ command: ntp.command, intervalMs: ntp.interval_s * 1000, clock, confirmTime: (s) => core.health.confirmTime(s), log: moduleLogger(log, 'health') }).stop);
    const inputs = await startInputs({ config, core, clock, log, ...secrets, ...(o.demoTransport ? { demoTransport: o.demoTransport } : {}) });
    const stopInputs = inputs.stops.reverse();
    stops.push(async () => {
      for (const s of stopInputs.splice(0)) await s();
    });
    const rules = await startRules({ config, core, clock, log: moduleLogger(log, 'rules'), ...(inputs.ns ? { ns: inputs.ns } : {}) });
    if (rules) stops.push(rules.stop);
    stops.push(...startUpstream({ config, core, clock, http, log, ...secrets, ...(rules ? { rules: rules.runtime } : {}) }));
    if (o.summary) {
      const types = new Map(config.devices.map((d) => [d.id, d.type]));
      stops.push(startSummary({ core, clock, intervalMs: o.summary.intervalMs, write: o.summary.write, typeOf: (id) => types.get(id) }).stop);
    }
    let stopping: Promise<void> | undefined;
    // Inputs first and drained (frames in flight committed), then the rest in reverse start
    // order, then the group commit is flushed and the store closed.
    const stop = () => (stopping ??= (async () => {
      for (const s of stopInputs.splice(0)) await s();
      for (const s of stops.reverse()) await s();
      await core.close();
    })());
    return { core, http, address, ...(inputs.lorawanPort === undefined ? {} : { lorawanPort: inputs.lorawanPort }), stop };
  } catch (error) {
    for (const s of stops.reverse()) await s();
    await core.close();
    throw error;
  }
}

async function listen(http: HttpServer, fallback: boolean, log: Logger): Promise<AddressInfo> {
  try {
    return await http.listen();
  } catch (error) {
    if (!fallback || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    log.warn('API port in use; the demo listens on a free port instead');
    return http.listen(0);
  }
}

/** Retention and size cap, periodically (the store also checks the cap as it writes). */
function startMaintenance(core: Core, clock: Clock, log: Logger): () => void {
  const run = () => {
    try {
      const report = core.store.enforceLimits(clock.now());
      if (report.reason !== 'none') log.info({ evicted: report.evicted, reason: report.reason, sizeBytes: report.sizeBytes }, 'eviction');
    } catch (error) {
      log.error({ err: error }, 'maintenance failed');
    }
  };
  const timer = clock.setInterval(run, MAINTENANCE_MS);
  return () => clock.clearInterval(timer);
}
