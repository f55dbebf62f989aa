/**
 * The readings table: compact rows in, StoredReading out. Statements are prepared once (query
 * shapes are cached by which filters are present: at most 16).
 */
import type { Database, Statement } from 'better-sqlite3';
import { DictKind, type Dictionary } from './dictionary';
import type { MeasurementsCodec } from './measurements-codec';
import { Priority, type MeasurementValue, type ReadingFilter, type ReadingInput, type StoredReading } from './types';

interface ReadingRow {
  seq: number;
  dev: number;
  t: number;
  rd: number;
  src: number;
  q: number;
  p: number;
  m: Buffer;
}

export class ReadingsTable {
  private readonly insert: Statement;
  private readonly queries = new Map<string, Statement>();

  constructor(
    private readonly db: Database,
    private readonly dict: Dictionary,
    private readonly codec: MeasurementsCodec,
  ) {
    this.insert = db.prepare('INSERT INTO readings (seq, dev, t, rd, src, q, p, m) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  }

  /** Insert one reading with the given seq. Call inside the write transaction. */
  insertRow(r: ReadingInput, seq: number): StoredReading {
    const byCode = new Map<number, MeasurementValue>();
    for (const name of Object.keys(r.measurements)) byCode.set(this.dict.code(DictKind.QUANTITY, name), r.measurements[name]!);
    const blob = this.codec.encode(byCode);
    const quality = r.quality ?? 0;
    const priority = r.priority ?? Priority.READING;
    this.insert.run(
      seq,
      this.dict.code(DictKind.DEVICE, r.deviceId),
      r.observedAt,
      r.receivedAt - r.observedAt,
      this.dict.code(DictKind.SOURCE, r.source),
      quality,
      priority,
      blob,
    );
    // Explicit literal, not a spread: the spread of caller objects costs ~2 µs per row (profiled).
    return { seq, deviceId: r.deviceId, observedAt: r.observedAt, receivedAt: r.receivedAt, source: r.source, measurements: r.measurements, quality, priority };
  }

  after(afterSeq: number, limit: number, filter: ReadingFilter = {}): StoredReading[] {
    const params: (number | string)[] = [afterSeq];
    const where = ['seq > ?'];
    if (filter.deviceId !== undefined) {
      const dev = this.dict.find(DictKind.DEVICE, filter.deviceId);
      if (dev === undefined) return [];
      where.push('dev = ?');
      params.push(dev);
    }
    if (filter.deviceType !== undefined) {
      where.push('dev IN (SELECT d.code FROM dict d JOIN devices v ON v.id = d.name WHERE d.kind = 0 AND v.type = ?)');
      params.push(filter.deviceType);
    }
    if (filter.from !== undefined) (where.push('t >= ?'), params.push(filter.from));
    if (filter.to !== undefined) (where.push('t < ?'), params.push(filter.to));
    const stmt = this.query(where);
    return filter.quantity === undefined
      ? (stmt.all(...params, limit) as ReadingRow[]).map((row) => this.toStored(row))
      : this.withQuantity(stmt, params, limit, filter.quantity);
  }

  /** Quantity filter: scans rows in seq order (no LIMIT in SQL), decoding until `limit` matches. */
  private withQuantity(stmt: Statement, args: (number | string)[], limit: number, quantity: string): StoredReading[] {
    const code = this.dict.find(DictKind.QUANTITY, quantity);
    if (code === undefined) return [];
    const out: StoredReading[] = [];
    for (const row of stmt.iterate(...args, -1) as IterableIterator<ReadingRow>) {
      if (!this.codec.decode(row.m).has(code)) continue;
      out.push(this.toStored(row));
      if (out.length >= limit) break;
    }
    return out;
  }

  private query(where: string[]): Statement {
    const sql = `SELECT seq, dev, t, rd, src, q, p, m FROM readings WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ?`;
    let stmt = this.queries.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.queries.set(sql, stmt);
    }
    return stmt;
  }

  private toStored(row: ReadingRow): StoredReading {
    const measurements: Record<string, MeasurementValue> = {};
    for (const [code, value] of this.codec.decode(row.m)) measurements[this.dict.name(code)] = value;
    return {
      seq: row.seq,
      deviceId: this.dict.name(row.dev),
      observedAt: row.t,
      receivedAt: row.t + row.rd,
      source: this.dict.name(row.src),
      measurements,
      quality: row.q,
      priority: row.p as StoredReading['priority'],
    };
  }
}
