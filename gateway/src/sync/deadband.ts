import type { StoredReading } from '../store/types';

/**
 * On-change upload with a deadband (sobriety, off by default): a numeric measurement is sent
 * only when it moved by at least `band` from the last value SENT for that device+quantity;
 * booleans are sent on change. Quantities without a band always pass. Filtered records leave a
 * gap inside the batch's [firstSeq, lastSeq] range, which the envelope allows.
 *
 * The state is in memory: after a restart the first value of each series is sent again
 * (the safe direction). It is snapshotted per batch so a resend after a lost PUBACK
 * re-filters from the acknowledged state, never from a state that assumed delivery.
 */
export type DeadbandState = Map<string, number | boolean>;

export function applyDeadbands(
  readings: readonly StoredReading[],
  bands: Readonly<Record<string, number>>,
  previous: DeadbandState,
): { readings: StoredReading[]; state: DeadbandState } {
  const state = new Map(previous);
  const out: StoredReading[] = [];
  for (const reading of readings) {
    const kept: StoredReading['measurements'] = {};
    let count = 0;
    const entries = Object.entries(reading.measurements);
    for (const [quantity, value] of entries) {
      const band = bands[quantity];
      const key = `${reading.deviceId}\u0000${quantity}`;
      if (band !== undefined && !moved(state.get(key), value, band)) continue;
      state.set(key, value);
      kept[quantity] = value;
      count++;
    }
    if (count > 0) out.push(count === entries.length ? reading : { ...reading, measurements: kept });
  }
  return { readings: out, state };
}

function moved(last: number | boolean | undefined, value: number | boolean, band: number): boolean {
  if (last === undefined) return true;
  if (typeof value === 'boolean' || typeof last === 'boolean') return value !== last;
  return Math.abs(value - last) >= band;
}
