/**
 * Opens (or creates) the SQLite file: path and header checks first (file-check.ts), then
 * pragmas and migrations. A new file gets application_id, auto_vacuum=INCREMENTAL and schema v1
 * in ONE rollback-journal transaction before switching to WAL, so a crash during creation leaves
 * either an empty file or a complete store, never a half-made one that would look foreign.
 */
import Database from 'better-sqlite3';
import { ARDOISE_APPLICATION_ID, checkStoreFile } from './file-check';
import { StoreCorruptError, StoreForeignError, StoreMigrationError, StorePathError, StoreVersionError } from './errors';
import { migrations as shippedMigrations, type Migration } from './migrations';

export interface DatabaseTuning {
  synchronous: 'NORMAL' | 'FULL';
  /** WAL pages before an automatic checkpoint; also bounds the WAL file (journal_size_limit). */
  walAutocheckpointPages: number;
  /**
   * SQLite page cache of the connection, KiB (cache_size = -N). better-sqlite3 compiles in
   * 16 MiB; the store's default is DEFAULT_CACHE_KIB (see store README, "Memory").
   */
  cacheKiB: number;
}

/**
 * 4 MiB page cache. Ingest appends at the right edge of the B-trees, so a few hot pages per tree
 * suffice: measured through the agent (bench store), 1 M readings at 16 MiB vs 4 MiB give the same
 * ingest rate and 15–28 MB more RSS, since the whole 16 MiB fills as the file grows and malloc keeps it.
 */
export const DEFAULT_CACHE_KIB = 4096;

const PAGE_SIZE = 4096;
const SCHEMA_VERSION_TABLE =
  'CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL, description TEXT NOT NULL)';

/** `migrations` is injectable so the runner itself can be tested with a future version. */
export function openDatabase(
  path: string,
  tuning: DatabaseTuning,
  now: number,
  migrations: readonly Migration[] = shippedMigrations,
): Database.Database {
  const state = checkStoreFile(path);
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: state === 'ardoise' });
  } catch (err) {
    throw new StorePathError(path, `cannot be opened (${(err as Error).message})`, err);
  }
  try {
    if (state === 'new') createSchema(db, now, migrations);
    else assertOurs(db, path);
    configure(db, tuning);
    migrate(db, path, now, migrations);
    return db;
  } catch (err) {
    db.close();
    throw classify(err, path);
  }
}

function createSchema(db: Database.Database, now: number, migrations: readonly Migration[]): void {
  db.pragma(`page_size = ${PAGE_SIZE}`);
  db.pragma('auto_vacuum = INCREMENTAL');
  db.transaction(() => {
    db.pragma(`application_id = ${ARDOISE_APPLICATION_ID}`);
    db.exec(SCHEMA_VERSION_TABLE);
    applyPending(db, 0, now, migrations);
  })();
}

function assertOurs(db: Database.Database, path: string): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  if (appId !== ARDOISE_APPLICATION_ID) throw new StoreForeignError(path, `application_id is ${appId}`);
  const hasVersions = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
  if (!hasVersions) throw new StoreForeignError(path, 'it has no schema_version table');
}

function configure(db: Database.Database, tuning: DatabaseTuning): void {
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${tuning.synchronous}`);
  db.pragma(`wal_autocheckpoint = ${tuning.walAutocheckpointPages}`);
  db.pragma(`journal_size_limit = ${tuning.walAutocheckpointPages * PAGE_SIZE}`);
  db.pragma('busy_timeout = 5000');
  db.pragma(`cache_size = -${tuning.cacheKiB}`);
}

function migrate(db: Database.Database, path: string, now: number, migrations: readonly Migration[]): void {
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const row = db.prepare('SELECT max(version) AS v FROM schema_version').get() as { v: number | null };
  const current = row.v ?? 0;
  if (current > latest) throw new StoreVersionError(path, current, latest);
  if (current < latest) db.transaction(() => applyPending(db, current, now, migrations))();
}

function applyPending(db: Database.Database, current: number, now: number, migrations: readonly Migration[]): void {
  const record = db.prepare('INSERT INTO schema_version (version, applied_at, description) VALUES (?, ?, ?)');
  for (const m of migrations) {
    if (m.version <= current) continue;
    try {
      db.exec(m.sql);
    } catch (err) {
      throw new StoreMigrationError(db.name, m.version, m.description, err);
    }
    record.run(m.version, now, m.description);
  }
}

/** SQLite "not a database"/"malformed" → StoreCorruptError naming the file; typed errors pass through. */
export function classify(err: unknown, path: string): unknown {
  const code = (err as { code?: string }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new StoreCorruptError(path, (err as Error).message, err);
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM') {
    return new StorePathError(path, (err as Error).message, err);
  }
  return err;
}
