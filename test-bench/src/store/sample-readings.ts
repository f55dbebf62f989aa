import type { ReadingInput } from '@ardoise/gateway';

const T0 = Date.UTC(2026, 5, 1);

/** A lamp-controller reading with 4 measurements, 200 devices round-robin, one per device per minute. */
export function sampleReading(i: number): ReadingInput {
  const at = T0 + Math.floor(i / 200) * 60_000 + (i % 200) * 37;
  return {
    deviceId: `lamp-${String(i % 200).padStart(4, '0')}`,
    observedAt: at,
    receivedAt: at + 120,
    source: 'lorawan:2',
    measurements: {
      dim_level: (i * 7) % 101,
      active_power: Math.round(300 + ((i * 13) % 700)) / 10,
      voltage: 229 + ((i * 3) % 30) / 10,
      active_energy: 10_000 + i * 0.5,
    },
  };
}
