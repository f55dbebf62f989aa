import { CodecError } from './errors';

/**
 * Bounds-checked big-endian reader over a payload. Every read names the field it reads, so a short
 * payload fails with `field "X" at offset N: needs K bytes (...), only M left in a L-byte payload`.
 */
export class ByteReader {
  offset = 0;

  constructor(readonly bytes: ArrayLike<number>) {}

  remaining(): number {
    return this.bytes.length - this.offset;
  }

  /** Claims `size` bytes; `kind` only names them in the error (no string is built on the happy path). */
  private need(field: string, size: number, kind: 'uint' | 'int'): number {
    const at = this.offset;
    if (at + size > this.bytes.length) {
      const what = `${kind}${size * 8}`;
      throw new CodecError(
        `field "${field}" at offset ${at}: needs ${size} byte${size > 1 ? 's' : ''} (${what}), only ${this.bytes.length - at} left in a ${this.bytes.length}-byte payload`,
        field,
        at,
      );
    }
    this.offset = at + size;
    return at;
  }

  /** Unsigned big-endian integer of 1..4 bytes. */
  uint(field: string, size: number): number {
    const at = this.need(field, size, 'uint');
    const b = this.bytes;
    if (size === 1) return b[at]!;
    if (size === 2) return b[at]! * 256 + b[at + 1]!;
    let value = 0;
    for (let i = 0; i < size; i++) value = value * 256 + b[at + i]!;
    return value;
  }

  /** Signed (two's complement) big-endian integer of 1..4 bytes. */
  int(field: string, size: number): number {
    const at = this.need(field, size, 'int');
    const b = this.bytes;
    let value = 0;
    for (let i = 0; i < size; i++) value = value * 256 + b[at + i]!;
    const half = 2 ** (size * 8 - 1);
    return value >= half ? value - half * 2 : value;
  }

  u8(field: string): number {
    const at = this.need(field, 1, 'uint');
    return this.bytes[at]!;
  }

  u16(field: string): number {
    const at = this.need(field, 2, 'uint');
    return this.bytes[at]! * 256 + this.bytes[at + 1]!;
  }

}
