import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '@ardoise/device-sdk';
import { applyDeadbands } from '../../src/sync/deadband';
import { TokenBucket } from '../../src/sync/token-bucket';
import { Backoff } from '../../src/sync/backoff';
import type { StoredReading } from '../../src/store/types';

const reading = (seq: number, measurements: StoredReading['measurements'], deviceId = 'probe-1'): StoredReading => ({
  seq, deviceId, observedAt: seq, receivedAt: seq, source: 'test', quality: 0, measurements,
});

describe('traffic shaping', () => {
  it('bandwidth cap: a token bucket on the clock lets through rate × time bytes, never more', () => {
    const clock = new SimulatedClock();
    const bucket = new TokenBucket(clock, 1_000, 2_000);
    expect(bucket.take(2_000)).toBe(0);
    const wait = bucket.take(500);
    expect(wait).toBe(500);
    clock.advance(wait);
    expect(bucket.take(500)).toBe(0);
    let sent = 0;
    for (let ms = 0; ms < 10_000; ms += 100) {
      clock.advance(100);
      while (bucket.take(250) === 0) sent += 250;
    }
    expect(sent).toBeLessThanOrEqual(10_000 + 250);
    expect(sent).toBeGreaterThanOrEqual(9_500);
    expect(() => new TokenBucket(clock, 0, 10)).toThrow(/bandwidth cap must be > 0/);
  });

  it('deadbands: numbers sent when they move by the band, booleans on change, other quantities always', () => {
    const bands = { soil_tension: 5, valve_open: 0 };
    const first = applyDeadbands(
      [reading(1, { soil_tension: 40, valve_open: false, battery: 90 }), reading(2, { soil_tension: 43, valve_open: false }), reading(3, { soil_tension: 46 })],
      bands,
      new Map(),
    );
    expect(first.readings.map((r) => [r.seq, r.measurements])).toEqual([
      [1, { soil_tension: 40, valve_open: false, battery: 90 }],
      [3, { soil_tension: 46 }],
    ]);
    const second = applyDeadbands([reading(4, { valve_open: true, soil_tension: 47 })], bands, first.state);
    expect(second.readings.map((r) => r.measurements)).toEqual([{ valve_open: true }]);
    // the input state is not mutated: a resend re-filters from the acknowledged state
    expect(applyDeadbands([reading(4, { valve_open: true })], bands, first.state).readings).toHaveLength(1);
  });

  it('backoff grows exponentially with jitter up to the cap and resets', () => {
    const backoff = new Backoff({ initialMs: 1_000, maxMs: 8_000, factor: 2, jitter: 0.5 }, () => 1);
    expect([1, 2, 3, 4, 5].map(() => backoff.next())).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
    backoff.reset();
    const low = new Backoff({ initialMs: 1_000, maxMs: 8_000, factor: 2, jitter: 0.5 }, () => 0);
    expect(low.next()).toBe(500);
  });
});
