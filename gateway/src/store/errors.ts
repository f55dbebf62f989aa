/**
 * Typed store errors. Every message names the file (or path) and says what is wrong and what
 * is expected, so the CLI can print it as is (and map StorePathError to exit 2).
 */
export type StoreErrorCode =
  | 'STORE_PATH'
  | 'STORE_CORRUPT'
  | 'STORE_FOREIGN'
  | 'STORE_VERSION'
  | 'STORE_MIGRATION'
  | 'STORE_FULL'
  | 'STORE_CLOSED'
  | 'STORE_OPTIONS';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** The storage path cannot be created, read or written (missing parent, not a directory, permissions). */
export class StorePathError extends StoreError {
  constructor(path: string, detail: string, cause?: unknown) {
    super('STORE_PATH', path, `storage path ${path}: ${detail}`, { cause });
    this.name = 'StorePathError';
  }
}

/** The file is not a readable SQLite database (random bytes, truncated, damaged pages). Left untouched. */
export class StoreCorruptError extends StoreError {
  constructor(path: string, detail: string, cause?: unknown) {
    super('STORE_CORRUPT', path, `database file ${path} is corrupt or not SQLite: ${detail}; the file was left untouched`, { cause });
    this.name = 'StoreCorruptError';
  }
}

/** A valid SQLite database that is not an Ardoise store. Left untouched. */
export class StoreForeignError extends StoreError {
  constructor(path: string, detail: string) {
    super('STORE_FOREIGN', path, `database file ${path} is not an Ardoise store: ${detail}; the file was left untouched (point storage.path elsewhere)`);
    this.name = 'StoreForeignError';
  }
}

/** Written by a newer Ardoise (schema version above the ones this build knows). */
export class StoreVersionError extends StoreError {
  constructor(path: string, found: number, known: number) {
    super('STORE_VERSION', path, `database file ${path} has schema version ${found}, this build knows versions up to ${known}; upgrade Ardoise or use another file`);
    this.name = 'StoreVersionError';
  }
}

/** A migration failed; it was rolled back entirely and the file stays at its previous version. */
export class StoreMigrationError extends StoreError {
  constructor(path: string, version: number, description: string, cause: unknown) {
    super('STORE_MIGRATION', path, `database file ${path}: migration ${version} (${description}) failed and was rolled back, the file is unchanged: ${(cause as Error).message}`, { cause });
    this.name = 'StoreMigrationError';
  }
}

/** Nothing left that policy allows evicting, and the disk/cap is still full. Nothing was written. */
export class StoreFullError extends StoreError {
  constructor(path: string, detail: string, cause?: unknown) {
    super('STORE_FULL', path, `database ${path} is full: ${detail}`, { cause });
    this.name = 'StoreFullError';
  }
}

export class StoreClosedError extends StoreError {
  constructor(path: string) {
    super('STORE_CLOSED', path, `store ${path} is closed`);
    this.name = 'StoreClosedError';
  }
}

export class StoreOptionsError extends StoreError {
  constructor(path: string, detail: string) {
    super('STORE_OPTIONS', path, `store options for ${path}: ${detail}`);
    this.name = 'StoreOptionsError';
  }
}
