import type { MeasurementValue } from '../store/types';

/** Bounds on what enters the store (bounded inputs everywhere). */
export const LIMITS = {
  maxPayloadBytes: 1024,
  maxMeasurements: 64,
  maxDeviceIdLength: 128,
} as const;

const QUANTITY = /^[a-z][a-z0-9_]{0,63}$/;

/** Returns a reason when the measurements cannot be stored as they are, else undefined. */
export function checkMeasurements(measurements: Record<string, MeasurementValue>): string | undefined {
  const entries = Object.entries(measurements);
  if (entries.length === 0) return 'no measurements';
  if (entries.length > LIMITS.maxMeasurements) return `${entries.length} measurements; at most ${LIMITS.maxMeasurements} allowed`;
  for (const [name, value] of entries) {
    if (!QUANTITY.test(name)) return `quantity name "${name.slice(0, 80)}" invalid; allowed: snake_case, up to 64 characters`;
    if (typeof value === 'boolean') continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) return `quantity ${name}: value ${String(value).slice(0, 40)} invalid; allowed: finite number or boolean`;
  }
  return undefined;
}

export function checkDeviceId(deviceId: unknown): string | undefined {
  if (typeof deviceId !== 'string' || deviceId.length === 0 || deviceId.length > LIMITS.maxDeviceIdLength) {
    return `device id invalid; allowed: 1-${LIMITS.maxDeviceIdLength} characters`;
  }
  return undefined;
}

/** Top-level numeric/boolean fields of a decoded object, for codecs that define no measurements(). */
export function flatMeasurements(data: Record<string, unknown> | undefined): Record<string, MeasurementValue> {
  const out: Record<string, MeasurementValue> = {};
  for (const [key, value] of Object.entries(data ?? {})) {
    const name = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
    if (!QUANTITY.test(name)) continue;
    if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) out[name] = value;
  }
  return out;
}

export function toHex(bytes: Uint8Array | readonly number[]): string {
  return Buffer.from(bytes as Uint8Array).toString('hex');
}
