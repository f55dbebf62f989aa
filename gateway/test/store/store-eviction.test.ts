import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Priority, StoreFullError } from '../../src/store/index';
import type { Store } from '../../src/store/types';
import { allReadings, reading, readings, T0, useTempDir } from './helpers';

const MB = 1024 * 1024;

function fill(store: Store, from: number, count: number, over: Parameters<typeof reading>[1] = {}): number {
  for (let i = 0; i < count; i += 500) store.appendReadings(readings(from + i, Math.min(500, count - i), over));
  return from + count;
}

function integrity(path: string): string {
  const db = new Database(path, { readonly: true });
  const result = db.pragma('integrity_check', { simple: true }) as string;
  db.close();
  return result;
}

const seqsOf = (store: Store, filter = {}) => allReadings(store, 0, filter).map((r) => r.seq);

describe('store: bounded size', () => {
  const tmp = useTempDir();

  it('evicts debug before readings, keeps aggregates, alarms and pending commands, counts and records it', () => {
    const store = tmp.open({ maxBytes: 2 * MB });
    let i = fill(store, 0, 2000, { priority: Priority.DEBUG, deviceId: 'debug-1' });
    i = fill(store, i, 300, { priority: Priority.AGGREGATE, deviceId: 'agg-1' });
    store.appendEvent({ kind: 'alarm', type: 'lighting.lamp_failure', at: T0, deviceId: 'lamp-1' });
    store.journalCommand({ deviceId: 'valve-1', command: 'open_valve', params: {}, reason: 'program', source: 'rule:irrigation', at: T0 });
    fill(store, i, 40_000);
    const stats = store.stats();
    expect(stats.sizeBytes).toBeLessThanOrEqual(2 * MB);
    expect(seqsOf(store, { deviceId: 'debug-1' })).toEqual([]);
    expect(seqsOf(store, { deviceId: 'agg-1' })).toHaveLength(300);
    expect(store.eventsAfter(0, 10, { kind: 'alarm' })).toHaveLength(1);
    expect(store.commandsAfter(0, 10)).toHaveLength(1);
    const evictions = store.eventsAfter(0, 1000).filter((e) => e.type === 'storage.eviction');
    expect(evictions.length).toBeGreaterThan(0);
    const evictedReadings = evictions.reduce((n, e) => n + (e.data!['readings'] as number), 0);
    expect(stats.evictedTotal).toBe(evictedReadings);
    expect(stats.readings).toBe(42_300 - evictedReadings);
    expect(allReadings(store)).toHaveLength(stats.readings);
    expect(stats.lastReadingSeq).toBe(42_300);
  });

  it('evicts synced readings before unsynced debug ones; the lowest cursor of the stream bounds "synced"', () => {
    const store = tmp.open({ maxBytes: 2 * MB });
    fill(store, 0, 20_000);
    store.setCursor('readings:mqtt', 20_000);
    store.setCursor('readings:api', 15_000);
    store.setCursor('events', 99_999);
    fill(store, 20_000, 2_000, { priority: Priority.DEBUG, deviceId: 'debug-1' });
    fill(store, 22_000, 14_000);
    const seqs = seqsOf(store);
    expect(store.stats().evictedTotal).toBeGreaterThan(0);
    expect(seqsOf(store, { deviceId: 'debug-1' })).toHaveLength(2_000);
    expect(seqs.filter((s) => s > 15_000)).toHaveLength(21_000);
  });

  it('applies retention by age to readings and events, longer for aggregates', () => {
    const store = tmp.open({ retentionDays: 1, aggregateRetentionDays: 3 });
    const day = 86_400_000;
    store.appendReadings([
      reading(0, { receivedAt: T0, observedAt: T0 }),
      reading(1, { receivedAt: T0 + day, observedAt: T0 + day, priority: Priority.AGGREGATE }),
      reading(2, { receivedAt: T0 + 2 * day, observedAt: T0 + 2 * day }),
    ]);
    store.appendEvent({ kind: 'event', type: 'health.mode', at: T0 });
    store.appendEvent({ kind: 'alarm', type: 'valve.fault', at: T0 });
    const report = store.enforceLimits(T0 + 2.5 * day);
    expect(report).toMatchObject({ reason: 'retention', evicted: { readings: 1, events: 1, commands: 0 } });
    expect(seqsOf(store)).toEqual([2, 3]);
    expect(store.eventsAfter(0, 10).map((e) => e.type)).toEqual(['valve.fault', 'storage.eviction']);
    expect(store.enforceLimits(T0 + 4.5 * day).evicted.readings).toBe(2);
    expect(store.stats()).toMatchObject({ readings: 0, evictedTotal: 4 });
  });

  it('never rebuilds or truncates on reopen with a smaller cap: it evicts per policy instead', () => {
    let store = tmp.open();
    fill(store, 0, 30_000);
    store.close();
    store = tmp.open({ maxBytes: 1 * MB });
    expect(store.stats().readings).toBe(30_000);
    store.enforceLimits(T0);
    const seqs = seqsOf(store);
    expect(seqs.length).toBeGreaterThan(1000);
    expect(seqs[seqs.length - 1]).toBe(30_000);
    expect(store.stats().sizeBytes).toBeLessThanOrEqual(1 * MB);
    // space given back to the filesystem (incremental_vacuum), not just put on the freelist
    expect(statSync(tmp.file()).size).toBeLessThanOrEqual(1 * MB);
  });
});

describe('store: full disk (max_page_count)', () => {
  const tmp = useTempDir();

  it('on SQLITE_FULL evicts per policy, retries, raises a storage alarm, stays intact', () => {
    const store = tmp.open({ maxPageCount: 400 });
    store.journalCommand({ deviceId: 'lamp-1', command: 'set_level', params: { level: 50 }, reason: 'override', source: 'hypervisor', at: T0 });
    const end = fill(store, 0, 60_000);
    const seqs = seqsOf(store);
    expect(seqs[seqs.length - 1]).toBe(end);
    expect(store.stats().evictedTotal).toBeGreaterThan(0);
    expect(store.eventsAfter(0, 1000, { kind: 'alarm' }).map((e) => e.type)).toContain('storage.full');
    expect(store.commandsAfter(0, 10)).toHaveLength(1);
    store.close();
    expect(integrity(tmp.file())).toBe('ok');
  });

  it('throws StoreFullError only when nothing is evictable, and loses nothing already stored', () => {
    const store = tmp.open({ maxPageCount: 40 });
    const big = { blob: 'x'.repeat(8000) };
    let journaled = 0;
    const journal = () => store.journalCommand({ deviceId: 'valve-1', command: 'open_valve', params: big, reason: 'program', source: 'rule', at: T0 });
    expect(() => {
      for (;;) (journal(), journaled++);
    }).toThrow(StoreFullError);
    expect(() => journal()).toThrow(/is full: cannot write command: .*nothing evictable is left/);
    expect(store.commandsAfter(0, 1000)).toHaveLength(journaled);
    store.close();
    expect(integrity(tmp.file())).toBe('ok');
  });
});

describe('store: nearly full filesystem and the reserve file', () => {
  const tmp = useTempDir();

  it('shrinks its budget to 80 % of what it could use when the filesystem has no free space left', () => {
    let free = 1024 * MB;
    const store = tmp.open({ maxBytes: 16 * MB, diskSpace: () => ({ freeBytes: free, totalBytes: 2048 * MB }) });
    fill(store, 0, 100_000);
    const before = store.stats().sizeBytes;
    free = 0; // someone else filled the disk
    store.enforceLimits(T0);
    const after = store.stats();
    expect(after.evictedTotal).toBeGreaterThan(0);
    expect(after.sizeBytes).toBeLessThanOrEqual(before * 0.8);
    expect(after.capBytes).toBeLessThan(after.maxBytes);
    expect(store.eventsAfter(0, 10).map((e) => e.data?.['reason'])).toContain('size');
  });

  it('keeps a reserve file, frees it on SQLITE_FULL, re-creates it once there is room again', () => {
    const reserve = `${tmp.file()}-reserve`;
    const store = tmp.open({ maxPageCount: 200, sizeCheckEveryRows: 1e9 });
    expect(existsSync(reserve)).toBe(true);
    fill(store, 0, 20_000);
    expect(store.eventsAfter(0, 1000, { kind: 'alarm' }).map((e) => e.type)).toContain('storage.full');
    expect(existsSync(reserve)).toBe(false);
    store.enforceLimits(T0);
    expect(existsSync(reserve)).toBe(true);
  });
});

