import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index';
import { allReadings, useTempDir } from './helpers';

const CHILD = fileURLToPath(new URL('./fixtures/ingest-child.ts', import.meta.url));
const CYCLES = 20;
const BIG = 256 * 1024 * 1024;

interface CycleResult {
  readySeq: number;
  committed: Map<number, number>;
}

/** Runs the child until `killAfter` committed lines were seen, SIGKILLs it, collects every line it printed. */
function runAndKill(path: string, firstN: number, killAfter: number, maxBytes: number): Promise<CycleResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path, String(firstN), String(maxBytes)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const committed = new Map<number, number>();
    let readySeq = -1;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const [a, b] = line.split(' ');
      if (a === 'ready') readySeq = Number(b);
      else committed.set(Number(a), Number(b));
      if (committed.size >= killAfter && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child ended with code ${code}, signal ${signal}: ${stderr}`));
      else resolve({ readySeq, committed });
    });
  });
}

interface Verified {
  lastSeq: number;
  evictedTotal: number;
}

/**
 * After a SIGKILL: reported readings are present with their value (or, when the store evicts,
 * older than every present row: eviction is oldest-first); seqs strictly increase past the previous
 * cycle's; no reading is stored twice; the counters match the rows; integrity_check is ok.
 */
function verifyAfterKill(path: string, maxBytes: number, maxSeqSeen: number, firstN: number, committed: Map<number, number>, where: string): Verified {
  const store = openStore({ path, maxBytes, retentionDays: 30, synchronous: 'NORMAL' });
  const rows = allReadings(store, maxSeqSeen);
  const stats = store.stats();
  const total = allReadings(store).length;
  store.close();
  expect(stats.readings, `${where}: counters match the rows`).toBe(total);
  const stored = new Map(rows.map((r) => [r.seq, r.measurements['n'] as number]));
  const oldestPresent = rows[0]?.seq ?? Infinity;
  for (const [seq, n] of committed) {
    if (stored.has(seq) || seq > oldestPresent || maxBytes >= BIG) expect(stored.get(seq), `${where}: seq ${seq} reported committed`).toBe(n);
  }
  const seqs = rows.map((r) => r.seq);
  seqs.forEach((s, i) => expect(s, where).toBeGreaterThan(i === 0 ? maxSeqSeen : seqs[i - 1]!));
  const ns = rows.map((r) => r.measurements['n'] as number);
  expect(new Set(ns).size, `${where}: no duplicate reading`).toBe(ns.length);
  expect(ns.every((n) => n >= firstN), `${where}: no reading from an earlier cycle reappears`).toBe(true);
  const db = new Database(path);
  expect(db.pragma('integrity_check', { simple: true }), where).toBe('ok');
  db.close();
  return { lastSeq: stats.lastReadingSeq, evictedTotal: stats.evictedTotal };
}

/** Returns the store's evictedTotal after the last cycle. */
async function killCycles(path: string, cycles: number, maxBytes: number): Promise<number> {
  let evictedTotal = 0;
  let nextN = 0;
  let maxSeqSeen = 0;
  for (let cycle = 0; cycle < cycles; cycle++) {
    const killAfter = 1 + Math.floor(Math.random() * 3000);
    const { readySeq, committed } = await runAndKill(path, nextN, killAfter, maxBytes);
    const where = `cycle ${cycle} (killed after ${killAfter} lines)`;
    expect(readySeq, where).toBe(maxSeqSeen);
    expect(committed.size, where).toBeGreaterThanOrEqual(killAfter);
    const verified = verifyAfterKill(path, maxBytes, maxSeqSeen, nextN, committed, where);
    maxSeqSeen = Math.max(verified.lastSeq, maxSeqSeen);
    evictedTotal = verified.evictedTotal;
    nextN += 1_000_000;
  }
  return evictedTotal;
}

describe('store: kill -9 during sustained ingest', () => {
  const tmp = useTempDir();

  it(`keeps every committed reading, strictly increasing unique seqs and integrity over ${CYCLES} SIGKILLs`, async () => {
    expect(await killCycles(tmp.file(), CYCLES, BIG)).toBe(0);
  }, 180_000);

  it('stays consistent when the kill lands during size evictions (256 KiB cap: evicts every ~1,000 rows)', async () => {
    expect(await killCycles(tmp.file(), 8, 256 * 1024)).toBeGreaterThan(0);
  }, 120_000);
});
