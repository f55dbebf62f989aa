/**
 * Measurements blob: a CBOR map {quantityCode: value}. Non-integers are written as float32 only
 * when the decimal value round-trips exactly (cbor-x DECIMAL_FIT), else float64: lossless.
 * A 4-measurement blob is typically 21–25 bytes.
 */
import { Encoder, FLOAT32_OPTIONS } from 'cbor-x';
import type { MeasurementValue } from './types';

export class MeasurementsCodec {
  private readonly cbor = new Encoder({ useFloat32: FLOAT32_OPTIONS.DECIMAL_FIT, mapsAsObjects: false, useRecords: false });

  encode(codes: number[], values: MeasurementValue[]): Buffer {
    const map = new Map<number, MeasurementValue>();
    for (let i = 0; i < codes.length; i++) map.set(codes[i]!, values[i]!);
    return this.cbor.encode(map);
  }

  decode(blob: Uint8Array): Map<number, MeasurementValue> {
    const value: unknown = this.cbor.decode(blob);
    if (!(value instanceof Map)) throw new Error('measurements blob is not a CBOR map');
    return value as Map<number, MeasurementValue>;
  }
}
