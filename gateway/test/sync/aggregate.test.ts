import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAggregation } from '../../src/sync/aggregate';
import type { Store } from '../../src/store/types';
import { openTestStore, tempDir } from './helpers';

const T0 = Date.UTC(2026, 5, 1);
const MIN = 60_000;
let tmp: Awaited<ReturnType<typeof tempDir>>;
let store: Store;

beforeAll(async () => {
  tmp = await tempDir('ardoise-agg-');
  store = openTestStore(join(tmp.dir, 'agg.db'));
  // soil tension every 5 min for 45 min (windows of 15 min: [0,15) [15,30) [30,45)), battery raw
  store.appendReadings(
    Array.from({ length: 9 }, (_, i) => ({
      deviceId: 'probe-1',
      observedAt: T0 + i * 5 * MIN,
      receivedAt: T0 + i * 5 * MIN,
      source: 'test',
      measurements: { soil_tension: 30 + i, battery: 90 },
    })),
  );
});

afterAll(async () => {
  store.close();
  await tmp.cleanup();
});

describe('per-quantity aggregation', () => {
  it('replaces raw values with min/mean/max/count of the closed window, computed from the store', () => {
    const rows = store.readingsAfter(0, 100);
    const { readings } = applyAggregation(rows, { soil_tension: '15m' }, new Map(), store);
    expect(readings.every((r) => !('soil_tension' in r.measurements))).toBe(true);
    expect(readings).toHaveLength(9);
    expect(readings[3]!.measurements).toEqual({
      battery: 90, soil_tension_min: 30, soil_tension_mean: 31, soil_tension_max: 32, soil_tension_count: 3, soil_tension_window_start: T0,
    });
    expect(readings[6]!.measurements).toMatchObject({ soil_tension_min: 33, soil_tension_max: 35, soil_tension_window_start: T0 + 15 * MIN });
    expect(readings[4]!.measurements).toEqual({ battery: 90 });
  });

  it('gives the same summaries when resumed mid-stream with no memory (restart) or in small batches (resend)', () => {
    const rows = store.readingsAfter(0, 100);
    const all = applyAggregation(rows, { soil_tension: '15m' }, new Map(), store).readings;
    const resumed = applyAggregation(rows.slice(5), { soil_tension: '15m' }, new Map(), store).readings;
    expect(resumed[1]!.measurements).toEqual(all[6]!.measurements);
    let state = new Map<string, number>();
    const piecewise = [];
    for (const row of rows) {
      const step = applyAggregation([row], { soil_tension: '15m' }, state, store);
      piecewise.push(...step.readings);
      state = step.state;
    }
    expect(piecewise).toEqual(all);
  });
});
