/**
 * Measurements blob: a CBOR map {quantityCode: value}. Non-integers are written as float32 when the
 * decimal value round-trips exactly (cbor-x DECIMAL_FIT), else float64. DECIMAL_FIT is not exact
 * for every value (e.g. -3.3e-31 comes back as -3.3000000000000004e-31), so each blob is decoded
 * once and re-encoded as plain float64 if anything differs: lossless, and a 4-measurement blob is
 * typically 21–25 bytes. -0 is stored as 0.
 */
import { Encoder, FLOAT32_OPTIONS } from 'cbor-x';
import type { MeasurementValue } from './types';

export class MeasurementsCodec {
  private readonly compact = new Encoder({ useFloat32: FLOAT32_OPTIONS.DECIMAL_FIT, mapsAsObjects: false, useRecords: false });
  private readonly exact = new Encoder({ mapsAsObjects: false, useRecords: false });

  /** Encodes {quantityCode: value}; the map is normalised in place (-0 → 0). */
  encode(map: Map<number, MeasurementValue>): Buffer {
    for (const [k, v] of map) if (v === 0) map.set(k, 0);
    const blob = this.compact.encode(map);
    return this.roundTrips(blob, map) ? blob : this.exact.encode(map);
  }

  decode(blob: Uint8Array): Map<number, MeasurementValue> {
    const value: unknown = this.compact.decode(blob);
    if (!(value instanceof Map)) throw new Error('measurements blob is not a CBOR map');
    return value as Map<number, MeasurementValue>;
  }

  private roundTrips(blob: Uint8Array, map: Map<number, MeasurementValue>): boolean {
    const back = this.decode(blob);
    for (const [k, v] of map) if (back.get(k) !== v) return false;
    return true;
  }
}
