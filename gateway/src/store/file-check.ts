/**
 * Checks a storage path BEFORE SQLite opens it, so a foreign or corrupt file is never touched:
 * no WAL/shm file, no journal-mode switch, no migration. Reads the 100-byte SQLite header only.
 */
import { closeSync, mkdirSync, openSync, readSync, statSync, accessSync, constants } from 'node:fs';
import { dirname } from 'node:path';
import { StoreCorruptError, StoreForeignError, StorePathError } from './errors';

/** PRAGMA application_id of Ardoise stores: ASCII "ARDO". */
export const ARDOISE_APPLICATION_ID = 0x4152444f;
const SQLITE_MAGIC = 'SQLite format 3\u0000';

export type FileState = 'new' | 'ardoise';

/** Returns whether the file is to be created or is an existing Ardoise store; throws typed errors otherwise. */
export function checkStoreFile(path: string): FileState {
  const size = existingSize(path);
  if (size === undefined) {
    ensureWritableDir(path);
    return 'new';
  }
  assertWritable(path, path);
  assertWritable(dirname(path), path);
  if (size === 0) return 'new';
  if (size < 100) throw new StoreCorruptError(path, `file is ${size} bytes, shorter than the 100-byte SQLite header`);
  const header = readHeader(path);
  if (header.toString('latin1', 0, 16) !== SQLITE_MAGIC) {
    throw new StoreCorruptError(path, 'the SQLite header magic "SQLite format 3" is missing');
  }
  const appId = header.readUInt32BE(68);
  if (appId !== ARDOISE_APPLICATION_ID) {
    const hex = `0x${appId.toString(16).padStart(8, '0')}`;
    throw new StoreForeignError(
      path,
      `SQLite application_id is ${hex}, expected 0x${ARDOISE_APPLICATION_ID.toString(16)} ("ARDO")${appId === 0 ? ' (created by another program)' : ''}`,
    );
  }
  return 'ardoise';
}

function existingSize(path: string): number | undefined {
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new StorePathError(path, 'exists but is not a regular file');
    return st.size;
  } catch (err) {
    if (err instanceof StorePathError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new StorePathError(path, `cannot be read (${code ?? String(err)})`, err);
  }
}

function ensureWritableDir(path: string): void {
  const dir = dirname(path);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new StorePathError(path, `cannot create directory ${dir} (${code})`, err);
  }
  assertWritable(dir, path);
}

function assertWritable(target: string, path: string): void {
  try {
    accessSync(target, constants.R_OK | constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new StorePathError(path, `${target === path ? 'file' : `directory ${target}`} is not readable and writable (${code}); the store needs write access to the file and its directory (WAL)`, err);
  }
}

function readHeader(path: string): Buffer {
  const buf = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buf, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  return buf;
}
