/**
 * Keeps the store inside its byte budget and survives a full disk (README.md "Bounded size",
 * "Full disk"). The effective cap is min(maxBytes, 80 % of what the store could occupy on its
 * filesystem = own bytes + free bytes): a disk filled by something else shrinks the store's
 * budget before SQLite ever sees SQLITE_FULL.
 */
import { dirname } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Logger } from 'pino';
import type { Clock } from '@ardoise/device-sdk';
import type { Ballast } from './ballast';
import type { DiskSpaceProbe } from './disk-space';
import { StoreFullError } from './errors';
import { totalOf, zero, type EvictedCounts, type Evictor } from './eviction';
import type { EventsTable } from './events-table';
import type { SizeMeter } from './size-meter';
import type { EventInput } from './types';

const EVICT_TO = 0.9;
const DISK_SHARE = 0.8;
const FULL_ALARM_EVERY_MS = 60_000;
const MAX_FULL_RETRIES = 4;
const FULL_DISK_CHUNK = 200;

export interface SpaceKeeperDeps {
  db: Database;
  path: string;
  maxBytes: number;
  meter: SizeMeter;
  evictor: Evictor;
  events: EventsTable;
  clock: Clock;
  log: Logger;
  diskSpace: DiskSpaceProbe;
  ballast: Ballast;
  /** Counters in `meta` changed (eviction, own events): the store reloads its cached copy. */
  countersChanged: () => void;
}

export class SpaceKeeper {
  private lastFullAlarmAt = -Infinity;

  constructor(private readonly d: SpaceKeeperDeps) {}

  /** Bytes the store may use now: the configured cap, lowered by a nearly full filesystem. */
  capBytes(): number {
    try {
      const disk = this.d.diskSpace(dirname(this.d.path));
      return Math.min(this.d.maxBytes, Math.floor((this.d.meter.totalBytes() + disk.freeBytes) * DISK_SHARE));
    } catch {
      return this.d.maxBytes;
    }
  }

  /** Above the cap: evict to 90 % of it, checkpoint the WAL, give excess free pages back. */
  enforceCap(): EvictedCounts {
    const cap = this.capBytes();
    if (this.d.meter.totalBytes() <= cap) {
      this.restoreBallast();
      return zero();
    }
    // The WAL counts in the size but is reused, not shrunk: pages in use make room for it.
    const target = Math.max(cap * EVICT_TO - this.d.meter.walBytes(), cap * EVICT_TO * 0.5);
    const evicted = this.d.evictor.evictDownTo(target);
    // RESTART, not TRUNCATE: the WAL file keeps its size (≤ journal_size_limit) as a reserve the
    // next evictions can write into when the disk is full.
    this.d.db.pragma('wal_checkpoint(RESTART)');
    this.releaseExcessPages(cap);
    this.record(evicted.readings + evicted.events + evicted.commands > 0 ? 'size' : undefined, evicted);
    return evicted;
  }

  /**
   * Runs a write; on SQLITE_FULL (disk, or max_page_count) evicts per policy and retries, raising
   * a `storage.full` alarm. Throws StoreFullError only when nothing more can be evicted.
   */
  withSpace<T>(what: string, bytesNeeded: number, write: () => T): T {
    for (let attempt = 0; ; attempt++) {
      try {
        return write();
      } catch (err) {
        if (!isFull(err)) throw err;
        if (this.d.ballast.release()) this.d.log.error({ what }, 'disk full: released the reserve file to let eviction run');
        const evicted = this.evictForFull(bytesNeeded);
        this.d.log.error({ what, evicted, attempt }, 'database full while writing; evicted per policy');
        if (totalOf(evicted) === 0 || attempt >= MAX_FULL_RETRIES) {
          this.d.countersChanged();
          throw new StoreFullError(this.d.path, `cannot write ${what}: disk or page limit reached and nothing evictable is left (unsynced command journal and alarms are kept)`, err);
        }
        this.record('disk_full', evicted);
        this.raiseFullAlarm(evicted);
      }
    }
  }

  record(reason: 'retention' | 'size' | 'disk_full' | undefined, evicted: EvictedCounts): void {
    this.d.countersChanged();
    if (reason === undefined) return;
    const sizeBytes = this.d.meter.totalBytes();
    this.d.log.warn({ reason, evicted, sizeBytes }, 'storage eviction');
    this.appendOwnEvent({ kind: 'event', type: 'storage.eviction', at: this.d.clock.now(), severity: 'warning', data: { reason, ...evicted, sizeBytes } });
  }

  /**
   * Evicts for a failed write. On a really full disk the deletes themselves need WAL space: the WAL
   * is checkpointed and restarted first (its file is reused from the start, no growth), and rows go
   * in small chunks so each transaction fits in that reserve.
   */
  private evictForFull(bytesNeeded: number): EvictedCounts {
    const used = this.d.meter.usedPageBytes();
    const target = used - Math.max(bytesNeeded * 2, used * 0.05, 64 * 1024);
    try {
      this.d.db.pragma('wal_checkpoint(RESTART)');
      return this.d.evictor.evictDownTo(target, FULL_DISK_CHUNK);
    } catch (err) {
      if (!isFull(err)) throw err;
      return zero();
    }
  }

  /** Re-creates the disk-full reserve once the filesystem has clearly room for it again. */
  private restoreBallast(): void {
    const b = this.d.ballast;
    if (b.bytes <= 0 || b.present()) return;
    try {
      if (this.d.diskSpace(dirname(this.d.path)).freeBytes > b.bytes * 4) b.ensure();
    } catch {
      // no probe, no reserve: retried at the next check
    }
  }

  /** Free pages are kept for reuse (a reserve for a full disk) unless the file outgrows the cap. */
  private releaseExcessPages(cap: number): void {
    const excess = Math.ceil((this.d.meter.fileBytes() - cap) / this.d.meter.pageSize);
    if (excess > 0) this.d.db.pragma(`incremental_vacuum(${Math.min(excess, this.d.meter.freePages())})`);
  }

  private raiseFullAlarm(evicted: EvictedCounts): void {
    const now = this.d.clock.now();
    if (now - this.lastFullAlarmAt < FULL_ALARM_EVERY_MS) return;
    this.lastFullAlarmAt = now;
    this.appendOwnEvent({ kind: 'alarm', type: 'storage.full', at: now, severity: 'critical', data: { path: this.d.path, ...evicted } });
  }

  /** The store's own events are best effort: failing to record one must not fail the caller's write. */
  private appendOwnEvent(event: EventInput): void {
    try {
      this.d.events.append(event);
    } catch (err) {
      this.d.log.error({ err, type: event.type }, 'could not record storage event');
    }
    this.d.countersChanged();
  }
}

export function isFull(err: unknown): boolean {
  return (err as { code?: string }).code === 'SQLITE_FULL';
}
