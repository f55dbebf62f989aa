/** Small tables: device registry, sync cursors, key-value state for rules and health. */
import type { Database, Statement } from 'better-sqlite3';
import { boundedJson, checkName, StoreInputError } from './validate';
import type { DeviceRecord } from './types';

export class KeyValueTables {
  private readonly upsertDev: Statement;
  private readonly listDev: Statement;
  private readonly getCur: Statement;
  private readonly setCur: Statement;
  private readonly getSt: Statement;
  private readonly setSt: Statement;

  constructor(db: Database) {
    this.upsertDev = db.prepare(
      'INSERT INTO devices (id, type, name, meta) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET type = excluded.type, name = excluded.name, meta = excluded.meta',
    );
    this.listDev = db.prepare('SELECT id, type, name, meta FROM devices ORDER BY id');
    this.getCur = db.prepare('SELECT seq FROM cursors WHERE name = ?').pluck();
    this.setCur = db.prepare('INSERT INTO cursors (name, seq) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET seq = excluded.seq');
    this.getSt = db.prepare('SELECT value FROM state WHERE key = ?').pluck();
    this.setSt = db.prepare('INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }

  upsertDevice(d: DeviceRecord): void {
    checkName(d.id, 'device.id');
    checkName(d.type, 'device.type');
    if (d.name !== undefined) checkName(d.name, 'device.name');
    this.upsertDev.run(d.id, d.type, d.name ?? null, d.meta === undefined ? null : boundedJson(d.meta, 'device.meta'));
  }

  listDevices(): DeviceRecord[] {
    const rows = this.listDev.all() as { id: string; type: string; name: string | null; meta: string | null }[];
    return rows.map((r) => ({
      id: r.id,
      type: r.type,
      ...(r.name === null ? {} : { name: r.name }),
      ...(r.meta === null ? {} : { meta: JSON.parse(r.meta) as Record<string, unknown> }),
    }));
  }

  getCursor(name: string): number {
    return (this.getCur.get(name) as number | undefined) ?? 0;
  }

  setCursor(name: string, seq: number): void {
    checkName(name, 'cursor name');
    if (!Number.isSafeInteger(seq) || seq < 0) throw new StoreInputError(`cursor ${name}`, `got ${seq}, expected a non-negative integer seq`);
    this.setCur.run(name, seq);
  }

  getState<T>(key: string): T | undefined {
    const text = this.getSt.get(key) as string | undefined;
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  setState(key: string, value: unknown): void {
    checkName(key, 'state key');
    this.setSt.run(key, boundedJson(value, `state ${key}`));
  }
}
