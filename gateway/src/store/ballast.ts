/**
 * A ballast file next to the database (`<db>-reserve`): real, non-sparse bytes held back so that
 * on a disk filled by someone else the store can free space instantly (unlink), let SQLite
 * checkpoint its WAL and run its eviction deletes, and keep ingesting. Re-created once the disk
 * has room again. Best effort: never throws.
 */
import { closeSync, ftruncateSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';
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

  /** Present and at least half the wanted size (it is grown in steps, not rewritten at every check). */
  present(): boolean {
    return this.currentSize() * 2 >= this.bytes;
  }

  /** Writes (or extends) the reserve to the wanted size; false if the disk has no room for it now. */
  ensure(): boolean {
    const bytes = this.bytes;
    if (bytes <= 0 || this.present()) return true;
    const have = this.currentSize();
    const zeros = Buffer.alloc(Math.min(CHUNK, bytes - have));
    let fd: number | undefined;
    try {
      fd = openSync(this.path, 'a');
      for (let written = have; written < bytes; ) written += writeSync(fd, zeros, 0, Math.min(zeros.length, bytes - written));
      return true;
    } catch (err) {
      this.log.warn({ err: (err as Error).message, path: this.path }, 'cannot grow the disk-full reserve file now');
      if (fd !== undefined) shrinkTo(fd, have); // keep what was there: give back only the partial growth
      return false;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  private currentSize(): number {
    try {
      return statSync(this.path).size;
    } catch {
      return 0;
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

function shrinkTo(fd: number, size: number): void {
  try {
    ftruncateSync(fd, size);
  } catch {
    // nothing more to do: the next check retries
  }
}
