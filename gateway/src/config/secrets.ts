import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

/**
 * Secrets (keys, tokens, passwords) are never written in the YAML: only a reference to a file
 * or an environment variable. A plain string where a secret is expected is a config error.
 */
export const secretRefSchema = z.union([
  z.strictObject({ file: z.string().min(1).describe('Path of a file holding the secret (trailing newline ignored); relative to the config file') }),
  z.strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).describe('Name of an environment variable holding the secret') }),
], {
  error: (issue) =>
    typeof issue.input === 'string'
      ? 'plain-text secret not allowed here; allowed: {file: PATH} or {env: NAME}'
      : 'expected a secret reference; allowed: {file: PATH} or {env: NAME}',
}).describe('Secret by reference: {file: PATH} or {env: NAME}; never the secret itself');

export type SecretRef = z.infer<typeof secretRefSchema>;

export interface SecretCheck {
  /** Key path of the reference, e.g. "sync.password". */
  path: string;
  problem?: string;
  warning?: string;
}

/** Resolves a reference's file path against the config file's folder. */
export function secretFilePath(ref: { file: string }, baseDir: string): string {
  return isAbsolute(ref.file) ? ref.file : resolve(baseDir, ref.file);
}

/** Checks a reference without reading the secret into anything that could be logged. */
export function checkSecretRef(ref: SecretRef, path: string, baseDir: string, env: NodeJS.ProcessEnv): SecretCheck {
  if ('env' in ref) {
    return env[ref.env] === undefined || env[ref.env] === ''
      ? { path, problem: `environment variable ${ref.env} is not set (secret reference)` }
      : { path };
  }
  const file = secretFilePath(ref, baseDir);
  let mode: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) return { path, problem: `secret file ${file} is not a regular file` };
    mode = st.mode & 0o777;
  } catch (error) {
    return { path, problem: `secret file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  if (mode & 0o077) {
    return { path, warning: `secret file ${file} is readable by group/others (mode ${mode.toString(8).padStart(4, '0')}); run chmod 600 ${file}` };
  }
  return { path };
}

/** Reads a secret at the moment it is needed. Callers must never log the result. */
export function readSecret(ref: SecretRef, baseDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if ('env' in ref) {
    const value = env[ref.env];
    if (value === undefined) throw new Error(`secret: environment variable ${ref.env} is not set`);
    return value;
  }
  return readFileSync(secretFilePath(ref, baseDir), 'utf8').replace(/\r?\n$/, '');
}

/** Every secret reference in a parsed config, with its key path (walks the plain data). */
export function findSecretRefs(value: unknown, path: string[] = []): { path: string; ref: SecretRef }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => findSecretRefs(item, [...path, String(i)]));
  if (value === null || typeof value !== 'object') return [];
  const entries = Object.entries(value as Record<string, unknown>);
  if (isSecretRef(value)) return [{ path: formatPath(path), ref: value }];
  return entries.flatMap(([k, v]) => findSecretRefs(v, [...path, k]));
}

function isSecretRef(value: object): value is SecretRef {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'file' || keys[0] === 'env') && typeof (value as Record<string, unknown>)[keys[0]] === 'string';
}

/** "devices.3.lorawan.app_key" → "devices[3].lorawan.app_key". */
export function formatPath(path: readonly (string | number | symbol)[]): string {
  let out = '';
  for (const part of path) {
    const text = String(part);
    if (/^\d+$/.test(text)) out += `[${text}]`;
    else out += out ? `.${text}` : text;
  }
  return out || '(root)';
}
