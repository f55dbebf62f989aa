import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  StoreClosedError, StoreCorruptError, StoreForeignError, StoreOptionsError, StorePathError, StoreVersionError,
} from '../../src/store/index';
import { reading, useTempDir } from './helpers';

describe('store: bad files and paths', () => {
  const tmp = useTempDir();

  function expectUntouched(path: string, bytes: Buffer, open: () => unknown, errorType: new (...a: never[]) => Error, message: RegExp) {
    expect(open).toThrow(errorType);
    expect(open).toThrow(message);
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(readdirSync(tmp.dir()).sort()).toEqual(['store.db']);
  }

  it('random bytes: corrupt error naming the file, file left byte-for-byte untouched', () => {
    const bytes = randomBytes(8192);
    writeFileSync(tmp.file(), bytes);
    expectUntouched(tmp.file(), bytes, () => tmp.open(), StoreCorruptError, new RegExp(`${tmp.file()} is corrupt or not SQLite.*header magic`));
  });

  it('a short file is corrupt, not silently recreated', () => {
    const bytes = Buffer.from('hello');
    writeFileSync(tmp.file(), bytes);
    expectUntouched(tmp.file(), bytes, () => tmp.open(), StoreCorruptError, /5 bytes, shorter than the 100-byte SQLite header/);
  });

  it('a valid SQLite database of another program: foreign error, untouched (no WAL, no migration)', () => {
    const other = new Database(tmp.file());
    other.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('x')");
    other.close();
    const bytes = readFileSync(tmp.file());
    expectUntouched(tmp.file(), bytes, () => tmp.open(), StoreForeignError, /is not an Ardoise store: SQLite application_id is 0x00000000.*another program/);
  });

  it('a store written by a newer schema version: clear error, nothing changed', () => {
    tmp.open().close();
    const db = new Database(tmp.file());
    db.prepare("INSERT INTO schema_version VALUES (999, 0, 'future')").run();
    db.close();
    const bytes = readFileSync(tmp.file());
    expect(() => tmp.open()).toThrow(StoreVersionError);
    expect(() => tmp.open()).toThrow(/schema version 999, this build knows versions up to 1/);
    expect(readFileSync(tmp.file()).equals(bytes)).toBe(true);
  });

  it('damaged pages in our own file: corrupt error naming the file', () => {
    const store = tmp.open();
    for (let i = 0; i < 20; i++) store.appendReadings(Array.from({ length: 200 }, (_, k) => reading(i * 200 + k)));
    store.close();
    const bytes = readFileSync(tmp.file());
    bytes.fill(0xa5, 4096, bytes.length);
    writeFileSync(tmp.file(), bytes);
    const attempt = () => {
      const s = tmp.open();
      s.readingsAfter(0, 100_000);
      s.enforceLimits(Date.now());
    };
    expect(attempt).toThrow(new RegExp(`${tmp.file()}`));
    expect(attempt).toThrow(StoreCorruptError);
  });

  it('unwritable storage path: StorePathError naming the path', () => {
    writeFileSync(join(tmp.dir(), 'plainfile'), 'x');
    const path = join(tmp.dir(), 'plainfile', 'sub', 'store.db');
    expect(() => tmp.open({ path })).toThrow(StorePathError);
    expect(() => tmp.open({ path })).toThrow(new RegExp(`storage path ${path}: cannot create directory .*ENOTDIR`));
    expect(() => tmp.open({ path: tmp.dir() })).toThrow(/exists but is not a regular file/);
  });

  it('rejects bad options and use after close', () => {
    expect(() => tmp.open({ maxBytes: 10 })).toThrow(StoreOptionsError);
    expect(() => tmp.open({ synchronous: 'OFF' as 'FULL' })).toThrow(/synchronous is OFF, expected NORMAL or FULL/);
    expect(() => tmp.open({ path: ':memory:' })).toThrow(/must be a file path/);
    expect(() => tmp.open({ cacheKiB: 16 })).toThrow(/cacheKiB is 16, expected an integer from 256 to 262144 \(KiB\)/);
    const store = tmp.open();
    store.close();
    expect(() => store.appendReadings([reading(1)])).toThrow(StoreClosedError);
  });
});
