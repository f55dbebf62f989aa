import { CodecError } from './errors';

/** Big-endian writer with a hard size limit (a LoRaWAN payload never exceeds 242 bytes). */
export class ByteWriter {
  readonly bytes: number[] = [];

  constructor(readonly limit = 242) {}

  /** Unsigned big-endian integer of 1..4 bytes; the caller has range-checked `value`. */
  uint(field: string, size: number, value: number): void {
    this.room(field, size);
    for (let i = size - 1; i >= 0; i--) this.bytes.push(Math.floor(value / 2 ** (8 * i)) % 256);
  }

  /** Signed (two's complement) big-endian integer of 1..4 bytes. */
  int(field: string, size: number, value: number): void {
    this.uint(field, size, value < 0 ? value + 2 ** (size * 8) : value);
  }

  raw(field: string, bytes: readonly number[]): void {
    this.room(field, bytes.length);
    for (const b of bytes) this.bytes.push(b & 0xff);
  }

  private room(field: string, size: number): void {
    if (this.bytes.length + size > this.limit) {
      throw new CodecError(
        `field "${field}" at offset ${this.bytes.length}: the frame would exceed ${this.limit} bytes`,
        field,
        this.bytes.length,
      );
    }
  }
}
