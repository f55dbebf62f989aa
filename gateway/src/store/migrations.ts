/**
 * Schema migrations, applied in order, each in its own transaction, recorded in `schema_version`.
 * Rules: never edit a shipped migration; append a new one. A migration must not drop or rewrite
 * data in bulk (a reopen or configuration change never rebuilds the buffer).
 *
 * Compact readings row (see README.md "On-disk layout"): device, source and quantity names are
 * dictionary codes (table `dict`); measurements are one CBOR map {quantityCode: value} with
 * float32 where it round-trips exactly; received time is stored as a delta to observed time;
 * quality and priority are small integers (0 and 1 cost no byte in SQLite's record format).
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'initial schema: readings, events, commands, devices, cursors, state',
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO meta (key, value) VALUES
        ('readings_count', 0), ('readings_hwm', 0), ('events_count', 0), ('commands_count', 0), ('evicted_total', 0);
      CREATE TABLE dict (code INTEGER PRIMARY KEY, kind INTEGER NOT NULL, name TEXT NOT NULL, UNIQUE (kind, name));
      CREATE TABLE devices (id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT, meta TEXT) WITHOUT ROWID;
      CREATE TABLE readings (
        seq INTEGER PRIMARY KEY,
        dev INTEGER NOT NULL,
        t INTEGER NOT NULL,
        rd INTEGER NOT NULL,
        src INTEGER NOT NULL,
        q INTEGER NOT NULL,
        p INTEGER NOT NULL,
        m BLOB NOT NULL
      );
      CREATE INDEX readings_by_device ON readings (dev);
      CREATE INDEX readings_uncommon_priority ON readings (p) WHERE p <> 1;
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        type TEXT NOT NULL,
        at INTEGER NOT NULL,
        device TEXT,
        severity TEXT NOT NULL,
        data TEXT
      );
      CREATE INDEX events_alarms ON events (kind) WHERE kind = 'alarm';
      CREATE TABLE commands (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        device TEXT NOT NULL,
        command TEXT NOT NULL,
        params TEXT NOT NULL,
        reason TEXT NOT NULL,
        source TEXT NOT NULL,
        at INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        outcome_at INTEGER,
        detail TEXT
      );
      CREATE TABLE cursors (name TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    `,
  },
];

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
