/**
 * Bytes the store occupies: pages in use (page_count − freelist_count) × page_size, plus the WAL
 * file. Free pages are not counted: they are reused by the next inserts (and released to the
 * filesystem by incremental_vacuum when the file outgrows the cap).
 */
import { statSync } from 'node:fs';
import type { Database, Statement } from 'better-sqlite3';

export class SizeMeter {
  private readonly pageCount: Statement;
  private readonly freelist: Statement;
  readonly pageSize: number;

  constructor(db: Database, private readonly walPath: string) {
    this.pageCount = db.prepare('PRAGMA page_count').pluck();
    this.freelist = db.prepare('PRAGMA freelist_count').pluck();
    this.pageSize = db.pragma('page_size', { simple: true }) as number;
  }

  usedPageBytes(): number {
    return ((this.pageCount.get() as number) - (this.freelist.get() as number)) * this.pageSize;
  }

  freePages(): number {
    return this.freelist.get() as number;
  }

  fileBytes(): number {
    return (this.pageCount.get() as number) * this.pageSize;
  }

  walBytes(): number {
    try {
      return statSync(this.walPath).size;
    } catch {
      return 0;
    }
  }

  totalBytes(): number {
    return this.usedPageBytes() + this.walBytes();
  }
}
