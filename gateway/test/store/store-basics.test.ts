import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../src/store/index';
import { migrations } from '../../src/store/migrations';
import { DEFAULT_CACHE_KIB, openDatabase } from '../../src/store/open-database';
import { storeContract } from './store-contract';
import { reading, readings, T0, useTempDir } from './helpers';

storeContract('SqliteStore', () => useTempDir());

describe('store: reopen', () => {
  const tmp = useTempDir();

  it('keeps devices, cursors and state across a reopen', () => {
    let store = tmp.open();
    store.upsertDevice({ id: 'lamp-1', type: 'lamp', name: 'Rue Lenepveu 1', meta: { group: 'centre' } });
    store.upsertDevice({ id: 'lamp-1', type: 'lamp', name: 'Rue Lenepveu 1bis' });
    store.setCursor('readings:mqtt', 42);
    store.setState('irrigation.drought_level', { level: 'alerte', since: T0 });
    store.appendReadings(readings(0, 10));
    store.close();
    store = tmp.open({ maxBytes: 64 * 1024 * 1024, retentionDays: 7, synchronous: 'FULL' });
    expect(store.listDevices()).toEqual([{ id: 'lamp-1', type: 'lamp', name: 'Rue Lenepveu 1bis' }]);
    expect(store.getCursor('readings:mqtt')).toBe(42);
    expect(store.getCursor('unknown')).toBe(0);
    expect(store.getState('irrigation.drought_level')).toEqual({ level: 'alerte', since: T0 });
    expect(store.stats()).toMatchObject({ readings: 10, lastReadingSeq: 10 });
    expect(store.appendReadings([reading(11)])[0]!.seq).toBe(11);
  });
});

describe('store: schema and file', () => {
  const tmp = useTempDir();

  it('creates a WAL database with our application_id, incremental auto_vacuum and schema version; reopen migrates nothing', () => {
    tmp.open().close();
    const before = new Database(tmp.file(), { readonly: true });
    const versions = before.prepare('SELECT version, applied_at FROM schema_version').all();
    expect(before.pragma('application_id', { simple: true })).toBe(0x4152444f);
    expect(before.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(before.pragma('auto_vacuum', { simple: true })).toBe(2);
    expect(versions).toHaveLength(LATEST_SCHEMA_VERSION);
    before.close();
    tmp.open().close();
    const after = new Database(tmp.file(), { readonly: true });
    expect(after.prepare('SELECT version, applied_at FROM schema_version').all()).toEqual(versions);
    after.close();
  });

  it('keeps seq monotonic when every reading has been evicted (high-water mark persisted)', () => {
    let store = tmp.open();
    store.appendReadings(readings(0, 5));
    store.close();
    const db = new Database(tmp.file());
    db.exec('DELETE FROM readings');
    db.close();
    store = tmp.open();
    expect(store.appendReadings([reading(9)])[0]!.seq).toBe(6);
  });
});

describe('store: page cache', () => {
  const tmp = useTempDir();

  it('sizes the SQLite page cache from the tuning (4 MiB by default, not better-sqlite3\'s 16 MiB)', () => {
    expect(DEFAULT_CACHE_KIB).toBe(4096);
    const db = openDatabase(tmp.file(), { synchronous: 'NORMAL', walAutocheckpointPages: 100, cacheKiB: 1024 }, T0);
    expect(db.pragma('cache_size', { simple: true })).toBe(-1024);
    db.close();
  });
});

describe('store: compact rows', () => {
  const tmp = useTempDir();

  it('stores a 4-measurement reading in at most 80 bytes on disk, indexes included', () => {
    const store = tmp.open();
    const n = 30_000;
    for (let i = 0; i < n; i += 500) {
      store.appendReadings(readings(i, 500).map((r, k) => ({ ...r, deviceId: `lamp-${(i + k) % 200}` })));
    }
    store.close();
    const db = new Database(tmp.file(), { readonly: true });
    const pages = (db.pragma('page_count', { simple: true }) as number) - (db.pragma('freelist_count', { simple: true }) as number);
    db.close();
    expect((pages * 4096) / n).toBeLessThanOrEqual(80);
  });
});

describe('store: migration runner', () => {
  const tmp = useTempDir();
  const tuning = { synchronous: 'NORMAL' as const, walAutocheckpointPages: 100, cacheKiB: DEFAULT_CACHE_KIB };
  const v2 = [...migrations, { version: 2, description: 'test: add rule_runs', sql: 'CREATE TABLE rule_runs (id INTEGER PRIMARY KEY, at INTEGER NOT NULL)' }];

  it('applies a pending migration once, in order, keeping existing data; a build that only knows v1 then refuses the file', () => {
    const store = tmp.open();
    store.appendReadings(readings(0, 10));
    store.close();
    for (let i = 0; i < 2; i++) openDatabase(tmp.file(), tuning, T0 + i, v2).close();
    const db = new Database(tmp.file(), { readonly: true });
    expect(db.prepare('SELECT version, applied_at FROM schema_version ORDER BY version').all()).toEqual([
      { version: 1, applied_at: expect.any(Number) },
      { version: 2, applied_at: T0 },
    ]);
    expect(db.prepare('SELECT count(*) AS n FROM readings').get()).toEqual({ n: 10 });
    db.close();
    expect(() => tmp.open()).toThrow(/schema version 2, this build knows versions up to 1/);
  });

  it('rolls a failing migration back entirely: the file stays at its version, data intact', () => {
    tmp.open().close();
    const broken = [...migrations, { version: 2, description: 'broken', sql: 'CREATE TABLE a (x); CREATE TABLE readings (y)' }];
    expect(() => openDatabase(tmp.file(), tuning, T0, broken)).toThrow(/migration 2 \(broken\) failed and was rolled back, the file is unchanged: .*already exists/);
    const db = new Database(tmp.file(), { readonly: true });
    expect(db.prepare('SELECT max(version) AS v FROM schema_version').get()).toEqual({ v: 1 });
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'a'").get()).toEqual({ n: 0 });
    db.close();
  });
});
