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

  constructor(dbPath: string, readonly bytes: number, private readonly log: Logger) {
    this.path = `${dbPath}-reserve`;
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
    if (this.bytes <= 0 || this.present()) return true;
    const zeros = Buffer.alloc(Math.min(CHUNK, this.bytes));
    let fd: number | undefined;
    try {
      fd = openSync(this.path, 'w');
      for (let written = 0; written < this.bytes; ) written += writeSync(fd, zeros, 0, Math.min(zeros.length, this.bytes - written));
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

/** 5 % of the cap, between 1 MiB and 16 MiB, and never more than 2 % of the filesystem. */
export function ballastBytes(maxBytes: number, diskTotalBytes: number | undefined): number {
  const wanted = Math.min(16 * CHUNK, Math.max(CHUNK, Math.floor(maxBytes * 0.05)));
  return diskTotalBytes === undefined ? wanted : Math.min(wanted, Math.floor(diskTotalBytes * 0.02));
}
