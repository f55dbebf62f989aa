import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { type Config, configSchema } from './schema';
import { checkSecretRef, findSecretRefs, formatPath } from './secrets';

/** Largest config file accepted (bounded input). */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
/** Syntax errors listed before the rest is summarized (a non-YAML file yields hundreds). */
const MAX_YAML_ERRORS = 20;

export interface ConfigProblem {
  /** Key path, e.g. "devices[2].report_interval_s", or "line 4:7" for a YAML syntax error. */
  path: string;
  message: string;
  /** The offending value, when there is one. */
  value?: unknown;
}

export type ConfigResult =
  | { ok: true; config: Config; warnings: string[]; baseDir: string }
  | { ok: false; problems: ConfigProblem[]; warnings: string[] };

export interface LoadOptions {
  /** Folder that relative paths (storage.path, secret files) are resolved against. */
  baseDir: string;
  env?: NodeJS.ProcessEnv;
}

/** Reads, parses and validates a config file; never throws for bad input. */
export function loadConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): ConfigResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return failure([{ path: file, message: `cannot read config file (${(error as NodeJS.ErrnoException).code ?? String(error)})` }]);
  }
  if (Buffer.byteLength(text) > MAX_CONFIG_BYTES) {
    return failure([{ path: file, message: `config file larger than ${MAX_CONFIG_BYTES} bytes` }]);
  }
  return parseConfigText(text, { baseDir: dirname(resolve(file)), env });
}

export function parseConfigText(text: string, options: LoadOptions): ConfigResult {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.slice(0, MAX_YAML_ERRORS).map((e) => ({ path: yamlPosition(e.linePos?.[0]), message: `YAML: ${e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}` }));
    if (doc.errors.length > MAX_YAML_ERRORS) problems.push({ path: '(yaml)', message: `${doc.errors.length - MAX_YAML_ERRORS} more YAML errors not shown (is this a YAML file?)` });
    return failure(problems);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return failure([{ path: '(yaml)', message: `YAML: ${(error as Error).message}` }]);
  }
  return validateConfig(data ?? {}, options);
}

/** Validates plain data (already parsed); every problem is reported at once. */
export function validateConfig(data: unknown, options: LoadOptions): ConfigResult {
  const parsed = configSchema.safeParse(data, { reportInput: true });
  const problems = parsed.success ? [] : parsed.error.issues.map(toProblem);
  const warnings: string[] = [];
  for (const { path, ref } of findSecretRefs(data)) {
    const check = checkSecretRef(ref, path, options.baseDir, options.env ?? process.env);
    if (check.problem) problems.push({ path, message: check.problem });
    if (check.warning) warnings.push(`${path}: ${check.warning}`);
  }
  if (!parsed.success || problems.length > 0) return { ok: false, problems, warnings };
  const config = parsed.data;
  config.storage.path = isAbsolute(config.storage.path) ? config.storage.path : resolve(options.baseDir, config.storage.path);
  return { ok: true, config, warnings, baseDir: options.baseDir };
}

function toProblem(issue: z.core.$ZodIssue): ConfigProblem {
  const problem: ConfigProblem = { path: formatPath(issue.path), message: issue.message };
  const input = (issue as { input?: unknown }).input;
  // Never echo what was typed where a secret belongs: it may be the secret itself.
  const secretSlot = issue.message.includes('secret');
  if (input !== undefined && issue.code !== 'unrecognized_keys' && !isContainer(input) && !secretSlot) problem.value = input;
  return problem;
}

function isContainer(value: unknown): boolean {
  return value !== null && typeof value === 'object';
}

function yamlPosition(pos: { line: number; col: number } | undefined): string {
  return pos ? `line ${pos.line}:${pos.col}` : '(yaml)';
}

function failure(problems: ConfigProblem[]): ConfigResult {
  return { ok: false, problems, warnings: [] };
}

/** One line per problem: `path: message (got VALUE)`. */
export function formatProblem(p: ConfigProblem): string {
  return p.value === undefined ? `${p.path}: ${p.message}` : `${p.path}: ${p.message} (got ${JSON.stringify(p.value)})`;
}
