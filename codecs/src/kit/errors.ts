/**
 * The one error first-party codecs raise while reading or writing bytes. Its message always names
 * the field, the byte offset and what was expected, e.g.
 * `field "voltage" at offset 7: needs 2 bytes (uint16), only 1 left in a 8-byte payload`.
 * Codecs catch it and report it in TS013 `errors`; it never escapes decodeUplink/encodeDownlink.
 */
export class CodecError extends Error {
  constructor(
    message: string,
    readonly field?: string,
    readonly offset?: number,
  ) {
    super(message);
    this.name = 'CodecError';
  }
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === undefined) return 'nothing';
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}
