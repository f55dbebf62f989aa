/**
 * The one error first-party codecs raise while reading or writing bytes. Its message always names
 * the field, the byte offset and what was expected, e.g.
 * `field "voltage" at offset 7: needs 2 bytes (uint16), only 1 left in a 8-byte payload`.
 * Codecs catch it and report it in TS013 `errors`; it never escapes decodeUplink/encodeDownlink.
 *
 * Deliberately not a subclass of Error: this code is exported as an ES5.1 script for The Things
 * Stack, where subclassing a native constructor needs Map/Reflect helpers (see export.md); it never
 * leaves the kit, so it needs no stack trace (which also keeps malformed frames cheap). It has
 * Error's shape: `name`, `message`, and `String(error)` gives `CodecError: message`.
 */
export class CodecError {
  readonly name = 'CodecError';

  constructor(
    readonly message: string,
    readonly field?: string,
    readonly offset?: number,
  ) {}

  toString(): string {
    return `${this.name}: ${this.message}`;
  }
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === undefined) return 'nothing';
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}
