/**
 * A ballast file next to the database (`<db>-reserve`): real, non-sparse bytes held back so that
 * on a disk filled by someone else the store can free space instantly (unlink), let SQLite
 * checkpoint its WAL and run its eviction deletes, and keep ingesting. Re-created once the disk
 * has room again. Best effort: never throws.
 */
import { closeSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';
import type { Logger } from 'pino';

const CHUNK = 1024 * 1024;

export class Ballast {
  readonly path: string;

  /** `wanted` gives the reserve size now: it grows with the store (see ballastBytes). */
  constructor(dbPath: string, private readonly wanted: () => number, private readonly log: Logger) {
    this.path = `${dbPath}-reserve`;
  }

  get bytes(): number {
    return this.wanted();
  }

  present(): boolean {
    try {
      return statSync(this.path).size >= this.bytes;
    } catch {
      return false;
    }
  }

  /** Writes the reserve if missing; false if the disk has no room for it now. */
  ensure(): boolean {
    const bytes = this.bytes;
    if (bytes <= 0 || this.present()) return true;
    const zeros = Buffer.alloc(Math.min(CHUNK, bytes));
    let fd: number | undefined;
    try {
      fd = openSync(this.path, 'w');
      for (let written = 0; written < bytes; ) written += writeSync(fd, zeros, 0, Math.min(zeros.length, bytes - written));
      return true;
    } catch (err) {
      this.log.warn({ err: (err as Error).message, path: this.path }, 'cannot write the disk-full reserve file now');
      this.release();
      return false;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /** Frees the reserve; returns whether there was one. */
  release(): boolean {
    try {
      unlinkSync(this.path);
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * What the reserve must cover: the WAL growing back to its limit (a checkpoint writes pages past
 * the end of the database file) plus eviction chunks, i.e. the WAL limit + 1 MiB; but never more
 * than a quarter of the database (a small store needs little; tests stay cheap), at least
 * 256 KiB, and never more than 2 % of the filesystem.
 */
export function ballastBytes(walLimitBytes: number, dbBytes: number, diskTotalBytes: number | undefined): number {
  const wanted = Math.min(walLimitBytes + CHUNK, Math.max(CHUNK / 4, Math.floor(dbBytes / 4)));
  return diskTotalBytes === undefined ? wanted : Math.min(wanted, Math.floor(diskTotalBytes * 0.02));
}
