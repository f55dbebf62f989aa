/**
 * Compares a codec's output with an example's expected output the way The Things Network's
 * device-repository tests do: deep equality, where an absent or empty `errors`/`warnings` list
 * counts as none. Returns the differences as `path: expected X, got Y` lines (empty when equal).
 */
export function compareOutput(actual: unknown, expected: Record<string, unknown>, maxLines = 20): string[] {
  const lines: string[] = [];
  diff(normalize(actual), normalize(expected), '', lines);
  return lines.length > maxLines ? [...lines.slice(0, maxLines), `… ${lines.length - maxLines} more`] : lines;
}

function normalize(output: unknown): unknown {
  if (typeof output !== 'object' || output === null || Array.isArray(output)) return output;
  const copy: Record<string, unknown> = { ...(output as Record<string, unknown>) };
  for (const key of ['errors', 'warnings']) {
    if (copy[key] === undefined || (Array.isArray(copy[key]) && (copy[key] as unknown[]).length === 0)) delete copy[key];
  }
  return copy;
}

const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));

function diff(actual: unknown, expected: unknown, path: string, out: string[]): void {
  if (Object.is(actual, expected)) return;
  const here = path || '(output)';
  const bothArrays = Array.isArray(actual) && Array.isArray(expected);
  const bothObjects = isRecord(actual) && isRecord(expected);
  if (!bothArrays && !bothObjects) {
    out.push(`${here}: expected ${show(expected)}, got ${show(actual)}`);
    return;
  }
  if (bothArrays && actual.length !== expected.length) {
    out.push(`${here}: expected ${show(expected)}, got ${show(actual)}`);
    return;
  }
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  const keys = new Set([...Object.keys(e), ...Object.keys(a)]);
  for (const key of keys) {
    const sub = bothArrays ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (!(key in a)) out.push(`${sub}: expected ${show(e[key])}, got nothing`);
    else if (!(key in e)) out.push(`${sub}: not expected, got ${show(a[key])}`);
    else diff(a[key], e[key], sub, out);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
