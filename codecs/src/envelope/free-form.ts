/**
 * Free-form record data (event `data`, command `params`): JSON-compatible values only, so the
 * cloud can store it as JSON and any CBOR decoder reads it. Checked on both sides.
 */
import { EnvelopeError, describe } from './errors';

/** Throws unless `value` is a plain object of JSON values nested at most `maxDepth` deep. */
export function checkFreeForm(value: unknown, path: string, maxDepth: number): Record<string, unknown> {
  if (!isPlainObject(value)) throw new EnvelopeError(path, `must be a map with string keys, got ${describe(value)}`);
  checkValue(value, path, maxDepth);
  return value;
}

function checkValue(value: unknown, path: string, depthLeft: number): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new EnvelopeError(path, `must be a finite number, got ${value}`);
      return;
    case 'object':
      if (value === null) return;
      if (depthLeft <= 0) throw new EnvelopeError(path, 'nests too deep (limits.maxDepth)');
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) checkValue(value[i], `${path}[${i}]`, depthLeft - 1);
        return;
      }
      if (isPlainObject(value)) {
        for (const key of Object.keys(value)) {
          if (key === '__proto__') throw new EnvelopeError(path, 'key "__proto__" is not allowed');
          checkValue(value[key], `${path}.${key}`, depthLeft - 1);
        }
        return;
      }
  }
  throw new EnvelopeError(path, `must be null, a boolean, a finite number, a string, an array or a map, got ${describe(value)}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
