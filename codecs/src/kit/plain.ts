/**
 * ES5-only helpers for the codec kit's run-time code. Everything a first-party codec runs when it
 * decodes or encodes is exported as an ECMAScript 5.1 script for The Things Stack (see
 * ../export/export.md): that code uses plain objects and arrays and these helpers instead of
 * Map/Set, Object.entries/values, flatMap, padStart or Number.isInteger, so the export needs no
 * polyfill (the build fails if one slips in).
 */

/** `[key, value]` pairs of an object's own enumerable keys (Object.entries). */
export function entriesOf<T>(record: Readonly<Record<string, T>>): Array<[string, T]> {
  return Object.keys(record).map((key): [string, T] => [key, record[key]!]);
}

/** The values of an object's own enumerable keys (Object.values). */
export function valuesOf<T>(record: Readonly<Record<string, T>>): T[] {
  return Object.keys(record).map((key) => record[key]!);
}

/** `items.flatMap(fn)`. */
export function flatMap<T, U>(items: readonly T[], fn: (item: T) => readonly U[]): U[] {
  const out: U[] = [];
  for (let i = 0; i < items.length; i++) out.push(...fn(items[i]!));
  return out;
}

/** Two decimal digits, zero-padded: 7 → "07". */
export const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;

/** Two hexadecimal digits, zero-padded: 10 → "0a". */
export const hex2 = (n: number): string => (n < 16 ? '0' : '') + n.toString(16);

/** Number.isInteger. */
export const isInteger = (value: unknown): value is number => typeof value === 'number' && isFinite(value) && Math.floor(value) === value;

/** Number.isFinite. */
export const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && isFinite(value);

/** A lookup table with no prototype: any string (even "__proto__") is an ordinary, absent key. */
export function table<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** The own entry `key` of a table built with `table()`, or undefined. */
export function lookup<T>(from: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(from, key) ? from[key] : undefined;
}
