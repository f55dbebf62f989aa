/**
 * Builds a store of about `targetBytes` quickly for the start-to-ready figure: a real store is
 * created and seeded with 200 readings (dictionary codes, a real measurements blob), then rows
 * are multiplied inside SQLite with a recursive CTE (no per-row JS), and the counters in `meta`
 * are set as the store would have. The rows are real readings rows: same schema, same indexes.
 */
import Database from 'better-sqlite3';
import { openStore } from '@ardoise/gateway';
import { sampleReading } from './sample-readings';

const ROWS_PER_TX = 1_000_000;

export function buildLargeStore(path: string, targetBytes: number, log: (line: string) => void): number {
  const store = openStore({ path, maxBytes: targetBytes * 4, retentionDays: 3650, synchronous: 'NORMAL' });
  store.appendReadings(Array.from({ length: 200 }, (_, i) => sampleReading(i)));
  store.close();
  const db = new Database(path);
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -65536');
  const grow = db.prepare(`
    WITH RECURSIVE c(x) AS (SELECT @from UNION ALL SELECT x + 1 FROM c WHERE x < @to)
    INSERT INTO readings (seq, dev, t, rd, src, q, p, m)
    SELECT x, s.dev, s.t + (x / 200) * 60000, s.rd, s.src, 0, 1, s.m FROM c JOIN readings s ON s.seq = (x % 200) + 1`);
  const pageBytes = () => (db.pragma('page_count', { simple: true }) as number) * 4096;
  let seq = 200;
  while (pageBytes() < targetBytes) {
    const rows = Math.min(ROWS_PER_TX, Math.max(10_000, Math.ceil((targetBytes - pageBytes()) / 60)));
    db.transaction(() => grow.run({ from: seq + 1, to: seq + rows }))();
    seq += rows;
    log(`  building: ${seq.toLocaleString('en-US')} readings, ${(pageBytes() / 1024 ** 2).toFixed(0)} MB`);
  }
  db.prepare("UPDATE meta SET value = ? WHERE key IN ('readings_count', 'readings_hwm')").run(seq);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return seq;
}
