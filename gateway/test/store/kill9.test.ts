import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index';
import { allReadings, useTempDir } from './helpers';

const CHILD = fileURLToPath(new URL('./fixtures/ingest-child.ts', import.meta.url));
const CYCLES = 20;

interface CycleResult {
  readySeq: number;
  committed: Map<number, number>;
}

/** Runs the child until `killAfter` committed lines were seen, SIGKILLs it, collects every line it printed. */
function runAndKill(path: string, firstN: number, killAfter: number): Promise<CycleResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path, String(firstN)], { stdio: ['ignore', 'pipe', 'pipe'] });
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

describe('store: kill -9 during sustained ingest', () => {
  const tmp = useTempDir();

  it(`keeps every committed reading, strictly increasing unique seqs and integrity over ${CYCLES} SIGKILLs`, async () => {
    const path = tmp.file();
    let nextN = 0;
    let maxSeqSeen = 0;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const killAfter = 1 + Math.floor(Math.random() * 3000);
      const { readySeq, committed } = await runAndKill(path, nextN, killAfter);
      const where = `cycle ${cycle} (killed after ${killAfter} lines)`;
      expect(readySeq, where).toBe(maxSeqSeen);
      expect(committed.size, where).toBeGreaterThanOrEqual(killAfter);

      const store = openStore({ path, maxBytes: 256 * 1024 * 1024, retentionDays: 30, synchronous: 'NORMAL' });
      const rows = allReadings(store, maxSeqSeen);
      const lastSeq = store.stats().lastReadingSeq;
      store.close();
      const stored = new Map(rows.map((r) => [r.seq, r.measurements['n'] as number]));
      for (const [seq, n] of committed) expect(stored.get(seq), `${where}: seq ${seq} reported committed`).toBe(n);
      const seqs = rows.map((r) => r.seq);
      seqs.forEach((s, i) => expect(s, where).toBeGreaterThan(i === 0 ? maxSeqSeen : seqs[i - 1]!));
      const ns = rows.map((r) => r.measurements['n'] as number);
      expect(new Set(ns).size, `${where}: no duplicate reading`).toBe(ns.length);
      expect(ns.every((n) => n >= nextN), `${where}: no reading from an earlier cycle reappears`).toBe(true);

      const db = new Database(path);
      expect(db.pragma('integrity_check', { simple: true }), where).toBe('ok');
      db.close();
      maxSeqSeen = Math.max(lastSeq, maxSeqSeen);
      nextN += 1_000_000;
    }
  }, 180_000);
});
