/**
 * The one error the envelope codec throws, for bad input on both sides (encoding a batch that
 * breaks the format's rules, decoding bytes that are not a valid envelope).
 * `path` names where the problem is, e.g. `readings[3].measurements`, `header.first_seq`.
 */
export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';

  constructor(
    /** Where: `envelope`, `header.first_seq`, `strings[2]`, `readings[3].measurements[1]`, ... */
    readonly path: string,
    /** What was wrong and what is allowed, without the path. */
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

/** Short description of a received value for an error message (never its full content). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value instanceof Uint8Array) return `a byte string of ${value.length}`;
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
      return 'undefined';
    default: {
      const name = (value as object).constructor?.name;
      return name === undefined || name === 'Object' ? 'a map' : `a ${name}`;
    }
  }
}
