/**
 * Store benchmark (issue 2 §Performance): durable ingest through the GroupCommitter vs a raw
 * better-sqlite3 batched insert of the same rows (same schema, rows pre-encoded) in the same run;
 * bytes per reading on disk; agent RSS after storing 1,000,000 readings (child process);
 * start-to-ready (open + migrations + first stats) on a ~1 GB store.
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { RealClock } from '@ardoise/device-sdk';
import { GroupCommitter, openStore, type ReadingInput } from '@ardoise/gateway';
import { AGENT_NODE_FLAGS } from '@ardoise/hardware';
import { buildLargeStore } from '../store/build-large-db';
import { sampleReading } from '../store/sample-readings';
import type { BenchFigure, BenchOptions, BenchSuite } from './types';

const MB = 1024 * 1024;
const REPO_NODE_MODULES = fileURLToPath(new URL('../../../node_modules', import.meta.url));
const storeOptions = (path: string, maxBytes = 4096 * MB) => ({ path, maxBytes, retentionDays: 3650, synchronous: 'NORMAL' as const });

interface IngestResult {
  perSecond: number;
  commitMs: number[];
}

async function ingestThroughCommitter(path: string, rows: ReadingInput[], synchronous: 'NORMAL' | 'FULL' = 'NORMAL'): Promise<IngestResult> {
  const store = openStore({ ...storeOptions(path), synchronous });
  const commitMs: number[] = [];
  const committer = new GroupCommitter(store, new RealClock(), { onFlush: (f) => commitMs.push(f.commitMs) });
  const start = performance.now();
  const pending = rows.map((r) => committer.submit(r));
  await committer.close();
  await Promise.all(pending);
  const perSecond = (rows.length * 1000) / (performance.now() - start);
  store.close();
  return { perSecond, commitMs };
}

/** Baseline: the same rows as stored (pre-encoded), inserted raw in transactions of 500. */
function rawBatchedInsert(sourcePath: string, path: string): number {
  openStore(storeOptions(path)).close();
  const src = new Database(sourcePath, { readonly: true });
  const rows = src.prepare('SELECT seq, dev, t, rd, src, q, p, m FROM readings ORDER BY seq').raw().all() as unknown[][];
  src.close();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const insert = db.prepare('INSERT INTO readings (seq, dev, t, rd, src, q, p, m) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const batch = db.transaction((chunk: unknown[][]) => {
    for (const r of chunk) insert.run(...r);
  });
  const start = performance.now();
  for (let i = 0; i < rows.length; i += 500) batch(rows.slice(i, i + 500));
  const perSecond = (rows.length * 1000) / (performance.now() - start);
  db.close();
  return perSecond;
}

function bytesPerReading(path: string, count: number): number {
  const db = new Database(path, { readonly: true });
  const pages = (db.pragma('page_count', { simple: true }) as number) - (db.pragma('freelist_count', { simple: true }) as number);
  db.close();
  return (pages * 4096) / count;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Rounds of (durable, raw) pairs: each ratio compares two runs made back to back on the same rows. */
const rounds = (quick: boolean) => (quick ? 3 : 7);

function removeDb(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

function median(values: number[]): number {
  return percentile(values, 50);
}

async function ingestFigures(o: BenchOptions): Promise<BenchFigure[]> {
  const n = o.quick ? 50_000 : 500_000;
  const rows = Array.from({ length: n }, (_, i) => sampleReading(i));
  await ingestThroughCommitter(join(o.workDir, 'warmup.db'), rows.slice(0, 20_000));
  // Rounds interleave durable and raw runs, each on a fresh file, so a burst of load from other
  // processes on this shared machine hits both sides of a pair. The ratio reported is the median
  // of the per-round ratios (robust to one bad round either way); its spread is reported beside.
  const durable: IngestResult[] = [];
  const raw: number[] = [];
  for (let round = 0; round < rounds(o.quick); round++) {
    const file = join(o.workDir, `ingest-${round}.db`);
    durable.push(await ingestThroughCommitter(file, rows));
    raw.push(rawBatchedInsert(file, join(o.workDir, `raw-${round}.db`)));
    removeDb(join(o.workDir, `raw-${round}.db`));
    if (round > 0) removeDb(file); // round 0 is kept for the bytes-per-reading figure
  }
  const ratios = durable.map((d, i) => d.perSecond / raw[i]!);
  const ratio = median(ratios);
  const rate = median(durable.map((d) => d.perSecond));
  const rawRate = median(raw);
  const best = durable.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
  const bytes = bytesPerReading(join(o.workDir, 'ingest-0.db'), n);
  // FULL vs NORMAL on the same smaller row count, back to back (a fresh file each).
  const normalSmall = await ingestThroughCommitter(join(o.workDir, 'normal-small.db'), rows.slice(0, n / 5), 'NORMAL');
  const full = await ingestThroughCommitter(join(o.workDir, 'full.db'), rows.slice(0, n / 5), 'FULL');
  const spread = (v: number[], digits: number) => `${Math.min(...v).toFixed(digits)}–${Math.max(...v).toFixed(digits)}`;
  o.log(`  ingest: ${n.toLocaleString('en-US')} readings x ${rounds(o.quick)} rounds; ratios ${ratios.map((r) => r.toFixed(2)).join(' ')}`);
  return [
    { name: `durable ingest (GroupCommitter, NORMAL), median of ${durable.length} rounds (range ${spread(durable.map((d) => d.perSecond), 0)})`, value: Math.round(rate), unit: 'readings/s', target: '>= 50000', ok: rate >= 50_000 },
    { name: `durable/raw ratio, median of ${ratios.length} interleaved pairs (range ${spread(ratios, 2)})`, value: ratio, unit: 'durable/raw', ratio, baseline: `raw batched insert, median ${Math.round(rawRate).toLocaleString('en-US')}/s`, target: '>= 0.5', ok: ratio >= 0.5 },
    { name: `durable ingest (GroupCommitter, FULL: fsync per commit), ${(n / 5).toLocaleString('en-US')} readings`, value: Math.round(full.perSecond), unit: 'readings/s', ratio: full.perSecond / normalSmall.perSecond, baseline: `NORMAL on the same rows just before, ${Math.round(normalSmall.perSecond).toLocaleString('en-US')}/s` },
    { name: 'commit latency p50 (best round)', value: percentile(best.commitMs, 50), unit: 'ms' },
    { name: 'commit latency p99 (best round)', value: percentile(best.commitMs, 99), unit: 'ms' },
    { name: 'bytes per reading on disk (4 measurements, indexes included)', value: bytes, unit: 'B', target: '<= 80', ok: bytes <= 80 },
  ];
}

/** Runs a node script (plain node, no loader), resolving its stdout. */
function runNode(script: string, args: string[], nodeFlags: readonly string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${script} exited ${code}: ${err}`))));
  });
}

/**
 * Bundles a bench child like the daemon is bundled (esbuild.config.mjs: ESM, natives external,
 * createRequire banner for the CommonJS dependencies), so the child runs as the daemon runs.
 */
async function bundleChild(workDir: string, entry: URL, name: string): Promise<string> {
  const outfile = join(workDir, `${name}.mjs`);
  await build({
    entryPoints: [fileURLToPath(entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3', 'serialport', '@serialport/*', 'cbor-extract', '@ardoise/test-bench', '@ardoise/test-bench/*'],
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'error', // warnings from other modules of the bundle are not this bench's business
  });
  // ESM ignores NODE_PATH: the natives are found through a node_modules link beside the bundle,
  // as the daemon finds them in dist/node_modules.
  const link = join(workDir, 'node_modules');
  if (!existsSync(link)) symlinkSync(REPO_NODE_MODULES, link, 'dir');
  return outfile;
}

interface MemoryUsage {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
}

interface RssSample extends MemoryUsage {
  peakRss: number;
  ready: MemoryUsage;
  /** RssAnon / RssFile from /proc/self/status after the GC (Linux). */
  proc: { RssAnon?: number; RssFile?: number };
  ingestMs: number;
  readings: number;
}

/** Runs the bundled agent child `runs` times with these node flags; samples sorted by RSS. */
async function rssRuns(o: BenchOptions, script: string, n: number, runs: number, flags: readonly string[]): Promise<RssSample[]> {
  const samples: RssSample[] = [];
  for (let run = 0; run < runs; run++) {
    const result = JSON.parse(await runNode(script, [o.workDir, String(n)], ['--expose-gc', ...flags])) as RssSample;
    removeDb(join(o.workDir, 'agent-rss.db'));
    if (result.readings !== n) throw new Error(`agent RSS child stored ${result.readings} readings, expected ${n}`);
    samples.push(result);
  }
  return samples.sort((a, b) => a.rss - b.rss);
}

const mb = (bytes: number | undefined) => (bytes ?? Number.NaN) / MB;
const ingestRate = (r: RssSample) => r.readings / (r.ingestMs / 1000);

/**
 * RSS of the agent (startAgent: config, core, pipeline, committer, HTTP, logger) after
 * ingesting N readings through the pipeline, in a child process running the bundled agent with
 * the Node flags of hardware/systemd/ardoise.service (AGENT_NODE_FLAGS), as on a gateway.
 * The full bench runs it 3 times and reports the median with the range; the baseline is the
 * same agent's RSS right after start. The breakdown (V8 heap committed/used, RssAnon = V8 heap +
 * malloc incl. SQLite's page cache, RssFile = node binary and libraries) is the median run's.
 * One more run without the flags shows what they buy and cost (RSS and ingest rate).
 */
async function rssFigures(o: BenchOptions): Promise<BenchFigure[]> {
  const n = o.quick ? 100_000 : 1_000_000;
  const runs = o.quick ? 1 : 3;
  const script = await bundleChild(o.workDir, new URL('./agent-rss-child.ts', import.meta.url), 'agent-rss-child');
  const samples = await rssRuns(o, script, n, runs, AGENT_NODE_FLAGS);
  const [plain] = await rssRuns(o, script, n, 1, []);
  const mid = samples[Math.floor(samples.length / 2)]!;
  const rss = samples.map((r) => mb(r.rss));
  const ready = mb(mid.ready.rss);
  const flags = AGENT_NODE_FLAGS.join(' ');
  const range = runs > 1 ? `, median of ${runs} runs (range ${Math.round(rss[0]!)}–${Math.round(rss[rss.length - 1]!)})` : '';
  o.log(`  agent RSS (${flags}): ${rss.map((v) => v.toFixed(0)).join(' ')} MB; without flags ${mb(plain!.rss).toFixed(0)} MB`);
  const after = `after ${n.toLocaleString('en-US')} readings and a GC, median run`;
  return [
    { name: `agent RSS after storing ${n.toLocaleString('en-US')} readings through the pipeline (node ${flags}, as ardoise.service)${range}`, value: Math.round(mb(mid.rss)), unit: 'MB', ratio: mb(mid.rss) / ready, baseline: `the agent right after start, ${Math.round(ready)} MB`, target: '<= 150', ok: mb(mid.rss) <= 150 },
    { name: 'agent peak RSS during that ingest (sampled every 10,000 readings, highest run)', value: Math.round(Math.max(...samples.map((r) => mb(r.peakRss)))), unit: 'MB' },
    { name: `agent V8 heap committed ${after} (used ${mb(mid.heapUsed).toFixed(1)} MB)`, value: Math.round(mb(mid.heapTotal)), unit: 'MB', ratio: mid.heapTotal / mid.ready.heapTotal, baseline: `right after start, ${mb(mid.ready.heapTotal).toFixed(0)} MB (used ${mb(mid.ready.heapUsed).toFixed(1)} MB)` },
    { name: `agent RssAnon ${after} (V8 heap + malloc: SQLite page cache, statements, native buffers)`, value: Math.round(mb(mid.proc.RssAnon)), unit: 'MB' },
    { name: `agent RssFile ${after} (node binary, shared libraries)`, value: Math.round(mb(mid.proc.RssFile)), unit: 'MB' },
    { name: `agent ingest rate through pipeline.ingestDecoded (node ${flags}, median run)`, value: Math.round(ingestRate(mid)), unit: 'readings/s' },
    { name: `same agent without Node flags: RSS after ${n.toLocaleString('en-US')} readings (1 run)`, value: Math.round(mb(plain!.rss)), unit: 'MB', ratio: plain!.rss / mid.rss, baseline: `with ${flags}, ${Math.round(mb(mid.rss))} MB` },
    { name: 'same agent without Node flags: peak RSS (1 run)', value: Math.round(mb(plain!.peakRss)), unit: 'MB' },
    { name: 'same agent without Node flags: ingest rate (1 run)', value: Math.round(ingestRate(plain!)), unit: 'readings/s', ratio: ingestRate(plain!) / ingestRate(mid), baseline: `with ${flags}, ${Math.round(ingestRate(mid))}/s` },
  ];
}

async function startToReady(o: BenchOptions): Promise<BenchFigure[]> {
  const target = o.quick ? 64 * MB : 1024 * MB;
  const path = join(o.workDir, 'large.db');
  const rows = buildLargeStore(path, target, o.log);
  const size = statSync(path).size;
  const start = performance.now();
  const store = openStore(storeOptions(path, 2 * size));
  const stats = store.stats();
  const ms = performance.now() - start;
  store.close();
  if (stats.readings !== rows) throw new Error(`large store reports ${stats.readings} readings, built ${rows}`);
  const script = await bundleChild(o.workDir, new URL('../store/ready-child.ts', import.meta.url), 'ready-child');
  const cold = JSON.parse(await runNode(script, [path])) as { readyMs: number; openMs: number; readings: number };
  if (cold.readings !== rows) throw new Error(`ready child reports ${cold.readings} readings, built ${rows}`);
  const what = `${(size / MB).toFixed(0)} MB store (${rows.toLocaleString('en-US')} readings)`;
  return [
    { name: `start to ready, in process, ${what}`, value: ms, unit: 'ms', target: '<= 2000', ok: ms <= 2000 },
    { name: `start to ready, cold node process (boot + load + open + stats), ${what}`, value: cold.readyMs, unit: 'ms', target: '<= 2000', ok: cold.readyMs <= 2000 },
  ];
}

export const storeSuite: BenchSuite = async (o) => {
  const figures = [...(await ingestFigures(o)), ...(await rssFigures(o)), ...(await startToReady(o))];
  const notes = [
    'baseline = the same rows, already encoded, inserted with one prepared statement in transactions of 500 (same schema, WAL, NORMAL)',
    `RSS: a child running the esbuild bundle (as the daemon is bundled) of test-bench/src/bench/agent-rss-child.ts with the Node flags of hardware/systemd/ardoise.service (${AGENT_NODE_FLAGS.join(' ')}): startAgent with a validated config (core, pipeline, group commit, HTTP, pino), readings fed through pipeline.ingestDecoded 1,000 in flight (each window awaited: bounded, like an input awaiting backpressure), RSS read after a GC`,
    'start-to-ready: in process and in a cold node process; both with a warm page cache (the file was just written)',
  ];
  if (o.quick) notes.push('--quick: 50k ingest x 3 rounds, RSS after 100k readings, a 64 MB store instead of 1 GB');
  return { suite: 'store', figures, notes };
};
