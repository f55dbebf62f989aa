import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Checks before opening the store that its folder exists (created if missing) and is writable,
 * so a wrong storage.path fails with a clear message instead of an SQLite error. Returns a
 * problem description, or undefined when fine.
 */
export function checkStoragePath(path: string): string | undefined {
  const dir = dirname(path);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    return `storage.path: cannot create folder ${dir} (${(error as NodeJS.ErrnoException).code ?? String(error)}); allowed: a path in a writable folder`;
  }
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    return `storage.path: folder ${dir} is not writable by this user (uid ${process.getuid?.() ?? '?'}); allowed: a path in a writable folder`;
  }
  try {
    if (statSync(path).isDirectory()) return `storage.path: ${path} is a folder; allowed: a database file path`;
    accessSync(path, constants.R_OK | constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') return `storage.path: database file ${path} is not readable and writable (${code ?? String(error)})`;
  }
  return undefined;
}
