/**
 * A realistic, seeded readings batch (lamps, soil probes, presence sensors, valves): for tests and
 * benchmarks here and on the cloud side (a receiver's tests can feed it to encodeBatch).
 */
import type { ReadingsBatch } from './batch';
import type { StoredReading } from './records';
import { prng } from '../prng';

const T0 = Date.UTC(2026, 10, 23, 2, 0, 0);

const KINDS: Array<(rand: () => number) => Record<string, number | boolean>> = [
  (rand) => ({
    dim_level: Math.round(rand() * 100),
    active_power: Math.round(rand() * 800) / 10,
    voltage: Math.round(2250 + rand() * 100) / 10,
    current: Math.round(rand() * 400) / 1000,
    power_factor: Math.round(900 + rand() * 100) / 1000,
  }),
  (rand) => ({ soil_moisture_vwc: Math.round(rand() * 500) / 10, soil_tension: Math.round(rand() * 120), soil_temperature: Math.round(rand() * 300) / 10, battery: Math.round(rand() * 100) }),
  (rand) => ({ presence: rand() < 0.3, presence_count: Math.floor(rand() * 12) }),
  (rand) => ({ valve_open: rand() < 0.5, flow_rate: Math.round(rand() * 400) / 10, water_volume: Math.round(rand() * 100000) }),
];

/** `count` readings from `devices` devices, seq from `firstSeq`, about one reading per second. */
export function sampleReadingsBatch(count: number, seed = 1, devices = 200, firstSeq = 1000): ReadingsBatch {
  const rand = prng(seed);
  const readings: StoredReading[] = [];
  let t = T0;
  for (let i = 0; i < count; i++) {
    t += Math.floor(rand() * 2000);
    const d = Math.floor(rand() * devices);
    const observedAt = t - Math.floor(rand() * 5000);
    readings.push({
      seq: firstSeq + i,
      deviceId: `dev-${String(d).padStart(5, '0')}`,
      observedAt,
      receivedAt: t,
      source: `lorawan:${1 + (d % 4)}`,
      measurements: KINDS[d % KINDS.length]!(rand),
      quality: rand() < 0.05 ? 1 : 0,
    });
  }
  return { gatewayId: 'gw-epci-0042', stream: 'readings', firstSeq, lastSeq: firstSeq + Math.max(count, 1) - 1, createdAt: t + 50, readings };
}
