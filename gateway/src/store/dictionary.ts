/**
 * Name ↔ small-integer code dictionary (device ids, sources, quantity names), so a reading row
 * stores 1–2 byte codes instead of strings. Cached in memory (one entry per distinct name, bounded
 * by `maxEntries`). Codes created inside a transaction that rolls back are forgotten via rollback().
 */
import type { Database, Statement } from 'better-sqlite3';

export const DictKind = { DEVICE: 0, SOURCE: 1, QUANTITY: 2 } as const;
export type DictKindValue = (typeof DictKind)[keyof typeof DictKind];

export class Dictionary {
  /** One map per kind (no string concatenation on the hot path). */
  private readonly codes: Map<string, number>[] = [new Map(), new Map(), new Map()];
  private readonly names = new Map<number, string>();
  private readonly pending: { kind: number; name: string }[] = [];
  private readonly insert: Statement<[number, string]>;

  constructor(db: Database, private readonly maxEntries: number) {
    this.insert = db.prepare('INSERT INTO dict (kind, name) VALUES (?, ?)');
    const rows = db.prepare('SELECT code, kind, name FROM dict').all() as { code: number; kind: number; name: string }[];
    for (const r of rows) this.remember(r.kind, r.name, r.code);
  }

  /** Code of a name, created if new. Call inside the write transaction. */
  code(kind: DictKindValue, name: string): number {
    const known = this.codes[kind]!.get(name);
    if (known !== undefined) return known;
    if (this.names.size >= this.maxEntries) {
      throw new RangeError(`too many distinct device ids, sources and quantity names (limit ${this.maxEntries}); "${name}" was refused`);
    }
    const code = Number(this.insert.run(kind, name).lastInsertRowid);
    this.remember(kind, name, code);
    this.pending.push({ kind, name });
    return code;
  }

  /** Code of a name if it exists (for queries: an unknown name matches nothing). */
  find(kind: DictKindValue, name: string): number | undefined {
    return this.codes[kind]!.get(name);
  }

  name(code: number): string {
    const n = this.names.get(code);
    if (n === undefined) throw new Error(`dictionary code ${code} is unknown (database inconsistent)`);
    return n;
  }

  /** The transaction committed: pending codes are now durable. */
  commit(): void {
    this.pending.length = 0;
  }

  /** The transaction rolled back: forget codes it created. */
  rollback(): void {
    for (const { kind, name } of this.pending) {
      const code = this.codes[kind]!.get(name);
      this.codes[kind]!.delete(name);
      if (code !== undefined) this.names.delete(code);
    }
    this.pending.length = 0;
  }

  private remember(kind: number, name: string, code: number): void {
    this.codes[kind]?.set(name, code);
    this.names.set(code, name);
  }
}
