import type { MeasurementValue, Store, StoredReading } from '../store/types';

/**
 * Optional per-quantity aggregation (sobriety, off by default): for a configured quantity the raw
 * values are not uploaded; when a device's first reading of a new window (15 min or 1 h, aligned
 * on the epoch) is synced, the previous window's summary rides on that reading as
 * `{q}_min`, `{q}_mean`, `{q}_max`, `{q}_count` and `{q}_window_start` (ms).
 *
 * Summaries are computed from the STORE (the committed rows of that device and window), not from
 * memory, so they are exact after a restart or a resend. The only memory is a cache of "window of
 * the latest reading handled" per device+quantity, snapshotted per batch like the deadbands.
 * Limits (documented decisions): a reading arriving after its window was summarised is dropped;
 * after a restart, only the window just before the first reading seen is looked back for.
 */
export type AggregateWindow = '15m' | '1h';
export type AggregationState = Map<string, number>;

const WINDOW_MS: Record<AggregateWindow, number> = { '15m': 900_000, '1h': 3_600_000 };
const MAX_ROWS = 100_000;

export function applyAggregation(
  readings: readonly StoredReading[],
  config: Readonly<Record<string, AggregateWindow>>,
  previous: AggregationState,
  store: Store,
): { readings: StoredReading[]; state: AggregationState } {
  const state = new Map(previous);
  const out: StoredReading[] = [];
  for (const reading of readings) {
    const kept: Record<string, MeasurementValue> = {};
    for (const [quantity, value] of Object.entries(reading.measurements)) {
      const window = config[quantity];
      if (!window) kept[quantity] = value;
      else Object.assign(kept, closeWindow(reading, quantity, WINDOW_MS[window], state, store));
    }
    if (Object.keys(kept).length > 0) out.push({ ...reading, measurements: kept });
  }
  return { readings: out, state };
}

function closeWindow(reading: StoredReading, quantity: string, ms: number, state: AggregationState, store: Store): Record<string, number> {
  const key = `${reading.deviceId}\u0000${quantity}`;
  const index = Math.floor(reading.observedAt / ms);
  const last = state.has(key) ? state.get(key) : lookBack(reading, quantity, ms, index, store);
  if (last !== undefined && index <= last) {
    state.set(key, last);
    return {};
  }
  state.set(key, index);
  if (last === undefined) return {};
  return summarize(store, reading.deviceId, quantity, last * ms, (last + 1) * ms);
}

/** After a restart: window of the latest earlier reading of this series, within one window back. */
function lookBack(reading: StoredReading, quantity: string, ms: number, index: number, store: Store): number | undefined {
  const earlier = store
    .readingsAfter(0, MAX_ROWS, { deviceId: reading.deviceId, quantity, from: (index - 1) * ms, to: reading.observedAt })
    .filter((r) => r.seq < reading.seq);
  if (earlier.length === 0) return undefined;
  return Math.max(...earlier.map((r) => Math.floor(r.observedAt / ms)));
}

function summarize(store: Store, deviceId: string, quantity: string, from: number, to: number): Record<string, number> {
  const values = store
    .readingsAfter(0, MAX_ROWS, { deviceId, quantity, from, to })
    .map((r) => r.measurements[quantity])
    .filter((v): v is number => typeof v === 'number');
  if (values.length === 0) return {};
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  return {
    [`${quantity}_min`]: min,
    [`${quantity}_mean`]: sum / values.length,
    [`${quantity}_max`]: max,
    [`${quantity}_count`]: values.length,
    [`${quantity}_window_start`]: from,
  };
}
