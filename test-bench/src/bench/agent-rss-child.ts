/**
 * Child process of `ardoise bench store` for the figure "agent RSS after storing 1,000,000
 * readings" (issue 2). It runs the agent itself, not the store alone: config validated by the
 * agent's schema, startAgent (core: store + group commit + bus + event recorder + clock trust +
 * health + pipeline + metrics; HTTP server on 127.0.0.1:0; maintenance timer; a real pino logger
 * at level warn), then feeds COUNT readings of 4 measurements (200 lamps) through
 * `pipeline.ingestDecoded` in windows of 1,000, each awaited before the next (a bounded producer,
 * as an input awaiting backpressure; the group committer commits every 500 rows on the submitter's
 * turn), with a bus subscriber like the rules/API stream. RSS is sampled every 10,000 readings
 * for the peak. After the last commit it runs a GC (so the figure is the steady state, not the
 * garbage of the last window) and prints one JSON line: process.memoryUsage() after the GC
 * (bytes), `peakRss`, `ready` and `beforeGc` (the same right after start / before that GC),
 * `spaces` (V8 heap spaces: committed size and used), `proc` (RssAnon, RssFile, RssShmem, VmHWM
 * from /proc/self/status), `ingestMs`, `readings`, `notified`; then stops the agent.
 * The bench bundles this file with esbuild like the daemon (natives external) and runs it with
 * plain node and --expose-gc. Usage: node agent-rss-child.cjs WORK_DIR COUNT
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
import { RealClock } from '@ardoise/device-sdk';
import { createLogger, startAgent, validateConfig } from '@ardoise/gateway';

const IN_FLIGHT = 1_000;
const DEVICES = 200;

async function main(workDir: string, count: number): Promise<void> {
  const checked = validateConfig({
    site: { id: 'bench-rss', latitude: 47.4784, longitude: -0.5632 },
    storage: { path: join(workDir, 'agent-rss.db'), max_size: '4GB' },
    api: { bind: '127.0.0.1', port: 0 },
    devices: Array.from({ length: DEVICES }, (_, i) => ({ id: `lamp-${i}`, type: 'lamp', codec: 'ardoise-streetlight' })),
  }, { baseDir: workDir, env: {} });
  if (!checked.ok) throw new Error(`agent-rss-child: bench config rejected: ${JSON.stringify(checked.problems)}`);
  const agent = await startAgent({ config: checked.config, log: createLogger({ level: 'warn' }), clock: new RealClock(), baseDir: workDir, env: {} });
  (globalThis as { gc?: () => void }).gc?.();
  const atReady = process.memoryUsage();
  let notified = 0;
  agent.core.bus.on('reading', () => void notified++);
  try {
    let peakRss = 0;
    const started = performance.now();
    for (let i = 0; i < count; i += IN_FLIGHT) {
      const pending = [];
      for (let k = i; k < Math.min(count, i + IN_FLIGHT); k++) {
        pending.push(agent.core.pipeline.ingestDecoded({
          deviceId: `lamp-${k % DEVICES}`, source: 'lorawan:2',
          measurements: { dim_level: (k * 7) % 101, active_power: Math.round(300 + ((k * 13) % 700)) / 10, voltage: 229 + ((k * 3) % 30) / 10, active_energy: 10_000 + k * 0.5 },
        }));
      }
      const results = await Promise.all(pending);
      const rejected = results.find((r) => r.status !== 'committed');
      if (rejected) throw new Error(`agent-rss-child: a reading was rejected: ${JSON.stringify(rejected)}`);
      if ((i / IN_FLIGHT) % 10 === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }
    const ingestMs = performance.now() - started;
    const beforeGc = process.memoryUsage();
    (globalThis as { gc?: () => void }).gc?.();
    const after = process.memoryUsage();
    const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }]));
    const readings = agent.core.store.stats().readings;
    process.stdout.write(`${JSON.stringify({ ...after, proc: procStatus(), ingestMs, peakRss: Math.max(peakRss, after.rss), ready: atReady, beforeGc, spaces, readings, notified })}\n`);
  } finally {
    await agent.stop();
  }
}

/** RssAnon / RssFile / RssShmem from /proc/self/status (Linux), in bytes; {} elsewhere. */
function procStatus(): Record<string, number> {
  try {
    const text = readFileSync('/proc/self/status', 'utf8');
    return Object.fromEntries([...text.matchAll(/^(RssAnon|RssFile|RssShmem|VmHWM):\s+(\d+) kB$/gm)].map((m) => [m[1]!, Number(m[2]) * 1024]));
  } catch {
    return {};
  }
}

const [workDir, countArg] = process.argv.slice(2);
if (!workDir || !countArg) throw new Error('usage: agent-rss-child WORK_DIR COUNT');
main(workDir, Number(countArg)).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
