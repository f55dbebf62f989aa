/** Events and alarms: append (with the counter, one transaction) and page by seq. */
import type { Database, Statement, Transaction } from 'better-sqlite3';
import { boundedJson, validateEvent } from './validate';
import type { EventInput, EventKind, Severity, StoredEvent } from './types';

interface EventRow {
  seq: number;
  kind: EventKind;
  type: string;
  at: number;
  device: string | null;
  severity: Severity;
  data: string | null;
}

export class EventsTable {
  private readonly insert: Transaction<(e: EventInput, data: string | null, severity: Severity) => number>;
  private readonly page: Statement;

  constructor(db: Database) {
    const row = db.prepare('INSERT INTO events (kind, type, at, device, severity, data) VALUES (?, ?, ?, ?, ?, ?)');
    const count = db.prepare("UPDATE meta SET value = value + 1 WHERE key = 'events_count'");
    this.insert = db.transaction((e: EventInput, data: string | null, severity: Severity) => {
      const seq = Number(row.run(e.kind, e.type, e.at, e.deviceId ?? null, severity, data).lastInsertRowid);
      count.run();
      return seq;
    });
    this.page = db.prepare(
      `SELECT seq, kind, type, at, device, severity, data FROM events
       WHERE seq > @after AND (@device IS NULL OR device = @device) AND (@kind IS NULL OR kind = @kind) ORDER BY seq LIMIT @limit`,
    );
  }

  append(e: EventInput): StoredEvent {
    validateEvent(e);
    const data = e.data === undefined ? null : boundedJson(e.data, 'event.data');
    const severity = e.severity ?? (e.kind === 'alarm' ? 'warning' : 'info');
    return { ...e, severity, seq: this.insert(e, data, severity) };
  }

  after(afterSeq: number, limit: number, filter: { deviceId?: string; kind?: EventKind } = {}): StoredEvent[] {
    const rows = this.page.all({ after: afterSeq, device: filter.deviceId ?? null, kind: filter.kind ?? null, limit }) as EventRow[];
    return rows.map((r) => ({
      seq: r.seq,
      kind: r.kind,
      type: r.type,
      at: r.at,
      severity: r.severity,
      ...(r.device === null ? {} : { deviceId: r.device }),
      ...(r.data === null ? {} : { data: JSON.parse(r.data) as Record<string, unknown> }),
    }));
  }
}
