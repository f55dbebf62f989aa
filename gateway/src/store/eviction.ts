/**
 * Eviction policy (README.md "Bounded size"). Oldest first within a tier; tiers in this order:
 *   synced:   debug readings < readings < aggregates < events < finished commands
 *   unsynced: debug readings < readings < aggregates < events
 *   last:     alarm-priority readings and alarms (synced first, then unsynced)
 * Never evicted: commands not yet synced or not finished (pending/sent): the journal that
 * proves what was actuated. "Synced" = seq ≤ the lowest sync cursor of that stream (cursor
 * names "readings", "events", "commands", optionally suffixed ":consumer"); a stream with no
 * cursor has nothing synced. Each chunk is one transaction that also updates the counters.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { SizeMeter } from './size-meter';

export type StreamName = 'readings' | 'events' | 'commands';
export type EvictedCounts = Record<StreamName, number>;

interface Tier {
  stream: StreamName;
  /** Candidate rows, oldest first; params: (maxSeq, limit). */
  where: string;
  synced: boolean;
}

const FINISHED = "outcome IN ('confirmed', 'failed', 'refused')";
const bySize = (synced: boolean): Tier[] => [
  { stream: 'readings', where: 'p <> 1 AND p = 0', synced },
  { stream: 'readings', where: 'p = 1', synced },
  { stream: 'readings', where: 'p <> 1 AND p = 2', synced },
  { stream: 'events', where: "kind = 'event'", synced },
];
const TIERS: Tier[] = [
  ...bySize(true),
  { stream: 'commands', where: FINISHED, synced: true },
  ...bySize(false),
  { stream: 'readings', where: 'p <> 1 AND p = 3', synced: true },
  { stream: 'events', where: "kind = 'alarm'", synced: true },
  { stream: 'readings', where: 'p <> 1 AND p = 3', synced: false },
  { stream: 'events', where: "kind = 'alarm'", synced: false },
];

const MIN_CHUNK = 32;
const MAX_CHUNK = 20_000;
const NO_BOUND = Number.MAX_SAFE_INTEGER;

export class Evictor {
  private readonly tierDeletes: Statement[];
  private readonly syncedBound: Statement;
  private readonly totalRows: Statement;
  private readonly decrement: Statement;
  private readonly retentionReadings: Statement;
  private readonly retentionAggregates: Statement;
  private readonly retentionEvents: Statement;
  private readonly firstReadingAtOrAfter: Statement;

  constructor(private readonly db: Database, private readonly size: SizeMeter) {
    this.tierDeletes = TIERS.map((t) =>
      db.prepare(`DELETE FROM ${t.stream} WHERE seq IN (SELECT seq FROM ${t.stream} WHERE ${t.where} AND seq <= ? ORDER BY seq LIMIT ?)`),
    );
    this.syncedBound = db.prepare('SELECT min(seq) FROM cursors WHERE name = ? OR name LIKE ?').pluck();
    this.totalRows = db
      .prepare("SELECT sum(value) FROM meta WHERE key IN ('readings_count', 'events_count', 'commands_count')")
      .pluck();
    this.decrement = db.prepare(
      "UPDATE meta SET value = value + (CASE key WHEN 'evicted_total' THEN @n ELSE -@n END) WHERE key IN (@key, 'evicted_total')",
    );
    this.firstReadingAtOrAfter = db.prepare('SELECT seq FROM readings WHERE t + rd >= ? ORDER BY seq LIMIT 1').pluck();
    this.retentionReadings = db.prepare(
      'DELETE FROM readings WHERE seq IN (SELECT seq FROM readings WHERE seq < ? AND p < 2 ORDER BY seq LIMIT ?)',
    );
    this.retentionAggregates = db.prepare(
      'DELETE FROM readings WHERE seq IN (SELECT seq FROM readings WHERE p <> 1 AND p = 2 AND t + rd < ? ORDER BY seq LIMIT ?)',
    );
    this.retentionEvents = db.prepare(
      "DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE kind = 'event' AND at < ? ORDER BY seq LIMIT ?)",
    );
  }

  /** Evict per policy until pages in use are ≤ targetBytes (or nothing evictable is left). */
  evictDownTo(targetBytes: number, maxChunk = MAX_CHUNK): EvictedCounts {
    const counts = zero();
    const bounds = this.syncedBounds();
    for (let i = 0; i < TIERS.length && this.size.usedPageBytes() > targetBytes; i++) {
      const tier = TIERS[i]!;
      const maxSeq = tier.synced ? bounds[tier.stream] : NO_BOUND;
      for (;;) {
        const want = Math.min(maxChunk, this.chunkFor(targetBytes));
        const got = this.deleteChunk(tier.stream, this.tierDeletes[i]!, [maxSeq, want]);
        counts[tier.stream] += got;
        if (got < want || this.size.usedPageBytes() <= targetBytes) break;
      }
    }
    return counts;
  }

  /** Age limits: readings (debug + normal) and events by `cutoff`, aggregates by `aggregateCutoff`. */
  retention(cutoff: number, aggregateCutoff: number): EvictedCounts {
    const counts = zero();
    const bound = (this.firstReadingAtOrAfter.get(cutoff) as number | undefined) ?? NO_BOUND;
    counts.readings += this.drain('readings', this.retentionReadings, bound);
    counts.readings += this.drain('readings', this.retentionAggregates, aggregateCutoff);
    counts.events += this.drain('events', this.retentionEvents, cutoff);
    return counts;
  }

  private drain(stream: StreamName, stmt: Statement, bound: number): number {
    let total = 0;
    for (;;) {
      const got = this.deleteChunk(stream, stmt, [bound, MAX_CHUNK]);
      total += got;
      if (got < MAX_CHUNK) return total;
    }
  }

  private deleteChunk(stream: StreamName, stmt: Statement, params: [number, number]): number {
    return this.db.transaction(() => {
      const n = stmt.run(...params).changes;
      if (n > 0) this.decrement.run({ n, key: `${stream}_count` });
      return n;
    })();
  }

  private chunkFor(targetBytes: number): number {
    const rows = Math.max(1, (this.totalRows.get() as number | null) ?? 1);
    const perRow = Math.max(1, this.size.usedPageBytes() / rows);
    const want = Math.ceil(((this.size.usedPageBytes() - targetBytes) / perRow) * 1.1);
    return Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, want));
  }

  private syncedBounds(): Record<StreamName, number> {
    const bound = (s: StreamName) => (this.syncedBound.get(s, `${s}:%`) as number | null) ?? 0;
    return { readings: bound('readings'), events: bound('events'), commands: bound('commands') };
  }
}

export function zero(): EvictedCounts {
  return { readings: 0, events: 0, commands: 0 };
}

export function totalOf(c: EvictedCounts): number {
  return c.readings + c.events + c.commands;
}
