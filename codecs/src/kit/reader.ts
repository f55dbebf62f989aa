import { CodecError } from './errors';

/**
 * Bounds-checked big-endian reader over a payload. Every read names the field it reads, so a short
 * payload fails with `field "X" at offset N: needs K bytes (...), only M left in a L-byte payload`.
 */
export class ByteReader {
  offset = 0;

  constructor(readonly bytes: ArrayLike<number>) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  private need(field: string, size: number, what: string): number {
    const at = this.offset;
    if (at + size > this.bytes.length) {
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
    const at = this.need(field, size, `uint${size * 8}`);
    const b = this.bytes;
    let value = 0;
    for (let i = 0; i < size; i++) value = value * 256 + b[at + i]!;
    return value;
  }

  /** Signed (two's complement) big-endian integer of 1..4 bytes. */
  int(field: string, size: number): number {
    const at = this.need(field, size, `int${size * 8}`);
    const b = this.bytes;
    let value = 0;
    for (let i = 0; i < size; i++) value = value * 256 + b[at + i]!;
    const half = 2 ** (size * 8 - 1);
    return value >= half ? value - half * 2 : value;
  }

  u8(field: string): number {
    const at = this.need(field, 1, 'uint8');
    return this.bytes[at]!;
  }

  u16(field: string): number {
    const at = this.need(field, 2, 'uint16');
    return this.bytes[at]! * 256 + this.bytes[at + 1]!;
  }

  /** Raw bytes (a copy). */
  take(field: string, size: number): number[] {
    const at = this.need(field, size, `${size} bytes`);
    return Array.prototype.slice.call(this.bytes, at, at + size) as number[];
  }
}
