/**
 * TTN normalized payload (lorawan-stack `normalizedpayload`: `{time?, air: {temperature, ...}, ...}`,
 * one object or an array of them) mapped to our measurement vocabulary where the meaning and unit
 * match exactly. Fields we have no quantity for (air.pressure, air.co2, wind.*) are left out here;
 * callers who want them read `normalizeUplink()`'s output directly. Values of the wrong type are
 * skipped (TTN reports them as validation warnings and drops them too).
 */
import type { Measurement } from '../types';
import { measurement } from '../vocabulary';

const MAP: ReadonlyArray<[path: readonly string[], quantity: string, kind: 'number' | 'boolean']> = [
  [['air', 'temperature'], 'air_temperature', 'number'],
  [['air', 'relativeHumidity'], 'relative_humidity', 'number'],
  [['air', 'lightIntensity'], 'illuminance', 'number'],
  [['soil', 'moisture'], 'soil_moisture_vwc', 'number'],
  [['soil', 'temperature'], 'soil_temperature', 'number'],
  [['action', 'motion', 'detected'], 'presence', 'boolean'],
  [['action', 'motion', 'count'], 'presence_count', 'number'],
];

export function normalizedMeasurements(normalized: unknown): Measurement[] {
  const list = Array.isArray(normalized) ? normalized : [normalized];
  const out: Measurement[] = [];
  for (const entry of list) {
    for (const [path, quantity, kind] of MAP) {
      const value = dig(entry, path);
      if (kind === 'number' ? typeof value === 'number' && Number.isFinite(value) : typeof value === 'boolean') {
        out.push(measurement(quantity, value as number | boolean));
      }
    }
  }
  return out;
}

function dig(value: unknown, path: readonly string[]): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object' || !Object.prototype.hasOwnProperty.call(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}
