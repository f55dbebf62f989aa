/**
 * Full-disk drill on a REAL filesystem (needs root / CAP_SYS_ADMIN to mount a tmpfs; the unit tests
 * simulate a full disk with max_page_count and an injected statfs instead):
 *   node --import tsx test-bench/src/store/full-disk-drill.ts [SIZE_MB=64]
 * Mounts a tmpfs, ingests, fills the rest of the filesystem with another file (as a runaway log
 * would), keeps ingesting, and prints what the store did. Expected: ingest continues by eviction,
 * one storage.full alarm, integrity ok.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '@ardoise/gateway';
import { sampleReading } from './sample-readings';

const sizeMb = Number(process.argv[2] ?? 64);
const dir = mkdtempSync(join(tmpdir(), 'ardoise-fulldisk-'));
execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir]);
try {
  const path = join(dir, 'store.db');
  const store = openStore({ path, maxBytes: 4 * sizeMb * 1024 * 1024, retentionDays: 30, synchronous: 'NORMAL' });
  const ingest = (from: number, to: number) => {
    for (let i = from; i < to; i += 500) store.appendReadings(Array.from({ length: 500 }, (_, k) => sampleReading(i + k)));
  };
  const before = Math.floor((sizeMb * 1024 * 1024 * 0.3) / 60);
  ingest(0, before);
  const free = statfsSync(dir).bavail * statfsSync(dir).bsize;
  writeFileSync(join(dir, 'runaway.log'), Buffer.alloc(free));
  console.log(`filled the filesystem: ${before} readings stored, ${free} bytes taken by runaway.log`);
  try {
    ingest(before, before * 4);
    console.log('kept ingesting:', store.stats());
  } catch (err) {
    console.log('stopped:', (err as Error).message, store.stats());
  }
  console.log('alarms:', store.eventsAfter(0, 1000, { kind: 'alarm' }).map((e) => e.type));
  store.close();
  const db = new Database(path, { readonly: true });
  console.log('integrity_check:', db.pragma('integrity_check', { simple: true }));
  db.close();
} finally {
  execFileSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
}
