/**
 * Store benchmark (issue 2 §Performance): durable ingest through the GroupCommitter vs a raw
 * better-sqlite3 batched insert of the same rows (same schema, rows pre-encoded) in the same run;
 * bytes per reading on disk; agent RSS after storing 1,000,000 readings (child process);
 * start-to-ready (open + migrations + first stats) on a ~1 GB store.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { RealClock } from '@ardoise/device-sdk';
import { GroupCommitter, openStore, type ReadingInput } from '@ardoise/gateway';
import { buildLargeStore } from '../store/build-large-db';
import { sampleReading } from '../store/sample-readings';
import type { BenchFigure, BenchOptions, BenchSuite } from './types';

const MB = 1024 * 1024;
const ROUNDS = 3;
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

async function ingestFigures(o: BenchOptions): Promise<BenchFigure[]> {
  const n = o.quick ? 50_000 : 500_000;
  const rows = Array.from({ length: n }, (_, i) => sampleReading(i));
  await ingestThroughCommitter(join(o.workDir, 'warmup.db'), rows.slice(0, 20_000));
  // Rounds alternate durable and raw, each on a fresh file; the best of each is kept, so a burst of
  // load from other processes on this shared machine does not decide the ratio.
  let durable: IngestResult | undefined;
  let raw = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const file = join(o.workDir, `ingest-${round}.db`);
    const run = await ingestThroughCommitter(file, rows);
    if (!durable || run.perSecond > durable.perSecond) durable = run;
    raw = Math.max(raw, rawBatchedInsert(file, join(o.workDir, `raw-${round}.db`)));
  }
  if (!durable) throw new Error('no ingest round ran');
  const bytes = bytesPerReading(join(o.workDir, 'ingest-0.db'), n);
  const full = await ingestThroughCommitter(join(o.workDir, 'full.db'), rows.slice(0, n / 5), 'FULL');
  o.log(`  ingest: ${n.toLocaleString('en-US')} readings, ${durable.commitMs.length} commits, best of ${ROUNDS} rounds`);
  return [
    { name: 'durable ingest (GroupCommitter, NORMAL)', value: Math.round(durable.perSecond), unit: 'readings/s', ratio: durable.perSecond / raw, baseline: `raw batched insert ${Math.round(raw).toLocaleString('en-US')}/s`, target: '>= 50000 and ratio >= 0.5', ok: durable.perSecond >= 50_000 && durable.perSecond / raw >= 0.5 },
    { name: 'durable ingest (GroupCommitter, FULL: fsync per commit)', value: Math.round(full.perSecond), unit: 'readings/s', ratio: full.perSecond / durable.perSecond, baseline: 'NORMAL' },
    { name: 'commit latency p50', value: percentile(durable.commitMs, 50), unit: 'ms' },
    { name: 'commit latency p99', value: percentile(durable.commitMs, 99), unit: 'ms' },
    { name: 'bytes per reading on disk (4 measurements, indexes included)', value: bytes, unit: 'B', target: '<= 80', ok: bytes <= 80 },
  ];
}

/** Runs a node script (plain node, no loader), resolving its stdout; NODE_PATH finds native modules. */
function runNode(script: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, NODE_PATH: REPO_NODE_MODULES };
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${script} exited ${code}: ${err}`))));
  });
}

/** Bundles a bench child like the daemon is bundled (esbuild, natives external). */
async function bundleChild(workDir: string, name: string): Promise<string> {
  const outfile = join(workDir, `${name}.cjs`);
  await build({
    entryPoints: [fileURLToPath(new URL(`../store/${name}.ts`, import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3', 'cbor-extract'],
    logLevel: 'error', // warnings from other modules of the bundle are not this bench's business
  });
  return outfile;
}

async function rssFigure(o: BenchOptions): Promise<BenchFigure> {
  const n = o.quick ? 200_000 : 1_000_000;
  const script = await bundleChild(o.workDir, 'rss-child');
  const result = JSON.parse(await runNode(script, [join(o.workDir, 'rss.db'), String(n)])) as { rss: number; readings: number };
  if (result.readings !== n) throw new Error(`RSS child stored ${result.readings} readings, expected ${n}`);
  const mb = result.rss / MB;
  return { name: `agent RSS after storing ${n.toLocaleString('en-US')} readings`, value: Math.round(mb), unit: 'MB', target: '<= 150', ok: mb <= 150 };
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
  const script = await bundleChild(o.workDir, 'ready-child');
  const cold = JSON.parse(await runNode(script, [path])) as { readyMs: number; openMs: number; readings: number };
  if (cold.readings !== rows) throw new Error(`ready child reports ${cold.readings} readings, built ${rows}`);
  const what = `${(size / MB).toFixed(0)} MB store (${rows.toLocaleString('en-US')} readings)`;
  return [
    { name: `start to ready, in process, ${what}`, value: ms, unit: 'ms', target: '<= 2000', ok: ms <= 2000 },
    { name: `start to ready, cold node process (boot + load + open + stats), ${what}`, value: cold.readyMs, unit: 'ms', target: '<= 2000', ok: cold.readyMs <= 2000 },
  ];
}

export const storeSuite: BenchSuite = async (o) => {
  const figures = [...(await ingestFigures(o)), await rssFigure(o), ...(await startToReady(o))];
  const notes = [
    'baseline = the same rows, already encoded, inserted with one prepared statement in transactions of 500 (same schema, WAL, NORMAL)',
    'RSS: a child running the esbuild bundle of test-bench/src/store/rss-child.ts (store + GroupCommitter + device-sdk clock, plain node as the daemon runs); the other agent modules add their own code size on top',
    'start-to-ready: in process and in a cold node process; both with a warm page cache (the file was just written)',
  ];
  if (o.quick) notes.push('--quick: 50k ingest, RSS after 200k readings, a 64 MB store instead of 1 GB');
  return { suite: 'store', figures, notes };
};
