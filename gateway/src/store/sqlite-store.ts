/**
 * The durable store (issue 2 §4): SQLite in WAL mode through better-sqlite3, synchronous API,
 * every statement prepared once. See README.md for durability, layout and eviction decisions.
 */
import { dirname } from 'node:path';
import type { Database, Statement } from 'better-sqlite3';
import { pino, type Logger } from 'pino';
import { RealClock, type Clock } from '@ardoise/device-sdk';
import { Dictionary } from './dictionary';
import { Ballast, ballastBytes } from './ballast';
import { statfsProbe, type DiskSpaceProbe } from './disk-space';
import { StoreClosedError, StoreOptionsError } from './errors';
import { SpaceKeeper } from './space-keeper';
import { Evictor, totalOf, type EvictedCounts } from './eviction';
import { MeasurementsCodec } from './measurements-codec';
import { DEFAULT_CACHE_KIB, classify, openDatabase } from './open-database';
import { ReadingsTable } from './readings-table';
import { SizeMeter } from './size-meter';
import { CommandsTable } from './commands-table';
import { EventsTable } from './events-table';
import { KeyValueTables } from './key-value-tables';
import { checkPage, validateBatch } from './validate';
import type {
  CommandInput, CommandOutcome, DeviceRecord, EventInput, EventKind, EvictionReport, ReadingFilter,
  ReadingInput, Store, StoreStats, StoredCommand, StoredEvent, StoredReading,
} from './types';

export interface StoreOptions {
  path: string;
  /** Cap on pages in use + WAL, bytes. Eviction brings the store back to 90 % of it. */
  maxBytes: number;
  /** Age limit of readings and (non-alarm) events. */
  retentionDays: number;
  /** NORMAL: may lose the last commits on power cut, never corrupts. FULL: fsync every commit. */
  synchronous: 'NORMAL' | 'FULL';
  /** Age limit of aggregates (priority 2); default 12 × retentionDays. */
  aggregateRetentionDays?: number;
  logger?: Logger;
  clock?: Clock;
  /** Check the byte cap after this many appended readings (default 1000). */
  sizeCheckEveryRows?: number;
  /** Bound on distinct device ids + sources + quantity names (default 100,000). */
  maxDictionaryEntries?: number;
  /**
   * Hard page limit (SQLite max_page_count, 4 KiB pages): writes beyond it fail like a full disk.
   * For fault-injection tests and as an absolute ceiling; maxBytes is the normal cap.
   */
  maxPageCount?: number;
  /** SQLite page cache, KiB, from 256 to 262,144 (default DEFAULT_CACHE_KIB = 4 MiB; better-sqlite3's own default is 16 MiB). */
  cacheKiB?: number;
  /** Free/total bytes of the store's filesystem; default statfs. Injectable to test a nearly full disk. */
  diskSpace?: DiskSpaceProbe;
}

const DAY_MS = 86_400_000;

export function openStore(options: StoreOptions): Store {
  checkOptions(options);
  return new SqliteStore(options);
}

function checkOptions(o: StoreOptions): void {
  const bad = (what: string) => new StoreOptionsError(o.path, what);
  if (typeof o.path !== 'string' || o.path.length === 0) throw bad('path must be a non-empty string');
  if (o.path === ':memory:' || o.path.startsWith('file:')) throw bad('path must be a file path (in-memory and URI databases are not durable; use a temp file in tests)');
  if (!Number.isFinite(o.maxBytes) || o.maxBytes < 256 * 1024) throw bad(`maxBytes is ${o.maxBytes}, expected ≥ 262144 (256 KiB)`);
  if (!(o.retentionDays > 0)) throw bad(`retentionDays is ${o.retentionDays}, expected > 0`);
  if (o.synchronous !== 'NORMAL' && o.synchronous !== 'FULL') throw bad(`synchronous is ${String(o.synchronous)}, expected NORMAL or FULL`);
  if (o.cacheKiB !== undefined && !(Number.isInteger(o.cacheKiB) && o.cacheKiB >= 256 && o.cacheKiB <= 262_144)) {
    throw bad(`cacheKiB is ${o.cacheKiB}, expected an integer from 256 to 262144 (KiB)`);
  }
}

/** WAL auto-checkpoint: at most 1000 pages and a tenth of the cap (the WAL counts in the size). */
function walPages(capBytes: number): number {
  return Math.max(16, Math.min(1000, Math.floor(capBytes / 4096 / 10)));
}

/** On a small filesystem (e.g. an SD card partition) the WAL must also stay a small share of it. Returns the disk size. */
function boundWalByDisk(db: Database, maxBytes: number, diskSpace: DiskSpaceProbe, path: string): number | undefined {
  let total: number;
  try {
    total = diskSpace(dirname(path)).totalBytes;
  } catch {
    return undefined;
  }
  if (total / 2 < maxBytes) {
    const pages = walPages(total / 2);
    db.pragma(`wal_autocheckpoint = ${pages}`);
    db.pragma(`journal_size_limit = ${pages * 4096}`);
  }
  return total;
}

class SqliteStore implements Store {
  readonly path: string;
  private readonly db: Database;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly dict: Dictionary;
  private readonly readings: ReadingsTable;
  private readonly events: EventsTable;
  private readonly commands: CommandsTable;
  private readonly kv: KeyValueTables;
  private readonly meter: SizeMeter;
  private readonly evictor: Evictor;
  private readonly space: SpaceKeeper;
  private readonly bumpReadings: Statement;
  private readonly loadMeta: Statement;
  private readonly insertBatch: (batch: readonly ReadingInput[], firstSeq: number) => StoredReading[];
  private counters = { readings_count: 0, readings_hwm: 0, events_count: 0, commands_count: 0, evicted_total: 0 };
  private rowsSinceSizeCheck = 0;
  private closed = false;

  constructor(private readonly options: StoreOptions) {
    this.path = options.path;
    this.clock = options.clock ?? new RealClock();
    this.log = (options.logger ?? pino({ enabled: false })).child({ module: 'store' });
    const diskSpace = options.diskSpace ?? statfsProbe;
    this.db = openDatabase(options.path, { synchronous: options.synchronous, walAutocheckpointPages: walPages(options.maxBytes), cacheKiB: options.cacheKiB ?? DEFAULT_CACHE_KIB }, this.clock.now());
    try {
      const diskTotal = boundWalByDisk(this.db, options.maxBytes, diskSpace, options.path);
      const walLimit = (this.db.pragma('journal_size_limit', { simple: true }) as number);
      if (options.maxPageCount !== undefined) this.db.pragma(`max_page_count = ${Math.floor(options.maxPageCount)}`);
      this.dict = new Dictionary(this.db, options.maxDictionaryEntries ?? 100_000);
      this.readings = new ReadingsTable(this.db, this.dict, new MeasurementsCodec());
      this.events = new EventsTable(this.db);
      this.commands = new CommandsTable(this.db);
      this.kv = new KeyValueTables(this.db);
      this.meter = new SizeMeter(this.db, `${options.path}-wal`);
      const evictor = new Evictor(this.db, this.meter);
      this.evictor = evictor;
      const ballast = new Ballast(options.path, () => ballastBytes(walLimit, this.meter.fileBytes(), diskTotal), this.log);
      ballast.ensure();
      this.space = new SpaceKeeper({
        db: this.db, path: this.path, maxBytes: options.maxBytes, meter: this.meter, evictor, events: this.events,
        clock: this.clock, log: this.log, diskSpace, ballast, countersChanged: () => this.reloadCounters(),
      });
      this.bumpReadings = this.db.prepare(
        "UPDATE meta SET value = CASE key WHEN 'readings_hwm' THEN @hwm ELSE value + @n END WHERE key IN ('readings_count', 'readings_hwm')",
      );
      this.loadMeta = this.db.prepare('SELECT key, value FROM meta');
      this.insertBatch = this.db.transaction((batch: readonly ReadingInput[], firstSeq: number) => {
        const out = batch.map((r, i) => this.readings.insertRow(r, firstSeq + i));
        this.bumpReadings.run({ n: batch.length, hwm: firstSeq + batch.length - 1 });
        return out;
      });
      this.reloadCounters();
    } catch (err) {
      this.db.close();
      throw classify(err, options.path);
    }
    this.log.info({ path: this.path, readings: this.counters.readings_count, lastSeq: this.counters.readings_hwm }, 'store opened');
  }

  appendReadings(batch: readonly ReadingInput[]): StoredReading[] {
    this.assertOpen();
    validateBatch(batch);
    if (batch.length === 0) return [];
    const stored = this.withSpace('readings', batch.length * 100, () => this.commitReadings(batch));
    this.rowsSinceSizeCheck += batch.length;
    if (this.rowsSinceSizeCheck >= (this.options.sizeCheckEveryRows ?? 1000)) this.maintainAfterCommit();
    return stored;
  }

  /** The rows ARE committed: a failure of the size check must not make the caller think otherwise. */
  private maintainAfterCommit(): void {
    try {
      this.enforceSize();
    } catch (err) {
      this.reloadCounters();
      this.log.error({ err }, 'size check after commit failed; will retry at the next check');
    }
  }

  private commitReadings(batch: readonly ReadingInput[]): StoredReading[] {
    const first = this.counters.readings_hwm + 1;
    try {
      const out = this.insertBatch(batch, first);
      this.dict.commit();
      this.counters.readings_hwm += batch.length;
      this.counters.readings_count += batch.length;
      return out;
    } catch (err) {
      this.dict.rollback();
      throw err;
    }
  }

  appendEvent(event: EventInput): StoredEvent {
    this.assertOpen();
    const stored = this.withSpace('event', 1024, () => this.events.append(event));
    this.counters.events_count++;
    return stored;
  }

  journalCommand(command: CommandInput): StoredCommand {
    this.assertOpen();
    const stored = this.withSpace('command', 1024, () => this.commands.journal(command));
    this.counters.commands_count++;
    return stored;
  }

  setCommandOutcome(seq: number, outcome: CommandOutcome, at: number, detail?: string): void {
    this.assertOpen();
    this.withSpace('command outcome', 256, () => this.commands.setOutcome(seq, outcome, at, detail));
  }

  readingsAfter(afterSeq: number, limit: number, filter?: ReadingFilter): StoredReading[] {
    this.assertOpen();
    checkPage(afterSeq, limit);
    return this.readings.after(afterSeq, limit, filter);
  }

  eventsAfter(afterSeq: number, limit: number, filter?: { deviceId?: string; kind?: EventKind }): StoredEvent[] {
    this.assertOpen();
    checkPage(afterSeq, limit);
    return this.events.after(afterSeq, limit, filter);
  }

  commandsAfter(afterSeq: number, limit: number, filter?: { deviceId?: string }): StoredCommand[] {
    this.assertOpen();
    checkPage(afterSeq, limit);
    return this.commands.after(afterSeq, limit, filter);
  }

  upsertDevice(device: DeviceRecord): void {
    this.assertOpen();
    this.withSpace('device', 1024, () => this.kv.upsertDevice(device));
  }

  listDevices(): DeviceRecord[] {
    this.assertOpen();
    return this.kv.listDevices();
  }

  getCursor(name: string): number {
    this.assertOpen();
    return this.kv.getCursor(name);
  }

  setCursor(name: string, seq: number): void {
    this.assertOpen();
    this.withSpace('cursor', 256, () => this.kv.setCursor(name, seq));
  }

  getState<T = unknown>(key: string): T | undefined {
    this.assertOpen();
    return this.kv.getState<T>(key);
  }

  setState(key: string, value: unknown): void {
    this.assertOpen();
    this.withSpace('state', 1024, () => this.kv.setState(key, value));
  }

  stats(): StoreStats {
    this.assertOpen();
    const c = this.counters;
    return {
      sizeBytes: this.meter.totalBytes(),
      maxBytes: this.options.maxBytes,
      capBytes: this.space.capBytes(),
      readings: c.readings_count,
      events: c.events_count,
      commands: c.commands_count,
      lastReadingSeq: c.readings_hwm,
      evictedTotal: c.evicted_total,
    };
  }

  enforceLimits(now: number): EvictionReport {
    this.assertOpen();
    const aggregateDays = this.options.aggregateRetentionDays ?? this.options.retentionDays * 12;
    const aged = this.evictor.retention(now - this.options.retentionDays * DAY_MS, now - aggregateDays * DAY_MS);
    this.space.record(totalOf(aged) > 0 ? 'retention' : undefined, aged);
    const sized = this.enforceSize();
    const reason = totalOf(sized) > 0 ? 'size' : totalOf(aged) > 0 ? 'retention' : 'none';
    const evicted = { readings: aged.readings + sized.readings, events: aged.events + sized.events, commands: aged.commands + sized.commands };
    return { evicted, reason, sizeBytes: this.meter.totalBytes() };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
    this.log.info({ path: this.path }, 'store closed');
  }

  private enforceSize(): EvictedCounts {
    this.rowsSinceSizeCheck = 0;
    return this.space.enforceCap();
  }

  private withSpace<T>(what: string, bytesNeeded: number, write: () => T): T {
    try {
      return this.space.withSpace(what, bytesNeeded, write);
    } catch (err) {
      throw classify(err, this.path);
    }
  }

  private reloadCounters(): void {
    for (const row of this.loadMeta.all() as { key: keyof SqliteStore['counters']; value: number }[]) {
      if (row.key in this.counters) this.counters[row.key] = row.value;
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError(this.path);
  }
}

