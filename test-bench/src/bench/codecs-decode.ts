/**
 * First-party codec benchmark (issue 3, performance): streetlight status decodes per second on one
 * core, against a same-run baseline — a hand-written DataView decoder of the same 22 bytes into
 * the same object, with none of the codec's checks (bounds, version, ranges, warnings).
 */
import { deviceCodecs } from '@ardoise/codecs';
import type { BenchFigure, BenchOptions, BenchSuite } from './types';

const STATUS = [0x11, 0x50, 0x50, 0x01, 0x01, 0xa9, 0x00, 0x01, 0xe2, 0x40, 0x09, 0x00, 0x00, 0xb9, 0x61, 0x00, 0x27, 0xfa, 0x00, 0x0d, 0x80, 0x00];
const REASONS = ['default', 'program', 'sensor', 'override'];
const CHUNK = 10_000;

/** Results are kept here so the JIT cannot drop the work of either side as dead code. */
const sink: unknown[] = new Array(8);

/** Calls `op` in chunks of CHUNK for about `ms` of wall time (after a warm-up); returns calls per second. */
function opsPerSecond(op: (i: number) => unknown, ms: number): number {
  for (let i = 0; i < CHUNK * 5; i++) sink[i & 7] = op(i);
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < CHUNK; i++) sink[i & 7] = op(i);
    calls += CHUNK;
    elapsed = performance.now() - start;
  }
  return (calls * 1000) / elapsed;
}

/** The baseline: what a minimal hand-written decoder of the same frame does. */
function rawDecode(bytes: Uint8Array): Record<string, unknown> {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags = v.getUint8(21);
  return {
    frame: 'status',
    dim_level_target: v.getUint8(1),
    dim_level: v.getUint8(2),
    control_reason: REASONS[v.getUint8(3) & 3],
    active_power: v.getUint16(4) / 10,
    active_energy: v.getUint32(6),
    voltage: v.getUint16(10) / 10,
    current: v.getUint16(12) / 1000,
    power_factor: v.getUint8(14) / 100,
    operating_hours: v.getUint16(15) * 256 + v.getUint8(17),
    switch_count: v.getUint16(18) * 256 + v.getUint8(20),
    lamp_failure: (flags & 1) === 1,
    driver_failure: (flags & 2) === 2,
    relay_failure: (flags & 4) === 4,
    day_burner: (flags & 8) === 8,
    cycling: (flags & 16) === 16,
    clock_invalid: (flags & 32) === 32,
  };
}

export async function benchCodecDecode(opts: BenchOptions): Promise<BenchFigure[]> {
  const { streetlight } = deviceCodecs;
  const ms = opts.quick ? 150 : 1500;
  const array = STATUS.slice();
  const u8 = Uint8Array.from(STATUS);
  const expected = JSON.stringify(rawDecode(u8));
  if (JSON.stringify(streetlight.decodeUplink({ bytes: array, fPort: 1 }).data) !== expected) {
    throw new Error('codecs-decode: the codec and the baseline disagree on the benchmark frame');
  }
  opts.log(`codecs-decode: streetlight status (${STATUS.length} bytes), ${ms} ms per figure, one core`);
  const baseline = opsPerSecond(() => rawDecode(u8), ms);
  const decode = opsPerSecond(() => streetlight.decodeUplink({ bytes: array, fPort: 1 }), ms);
  const decodeU8 = opsPerSecond(() => streetlight.decodeUplink({ bytes: u8, fPort: 1 }), ms);
  const withMeasurements = opsPerSecond(() => streetlight.measurements(streetlight.decodeUplink({ bytes: array, fPort: 1 }), 1), ms);
  const command = { data: { command: 'override', level: 100, duration_min: 30 } };
  const encode = opsPerSecond(() => streetlight.encodeDownlink(command), ms);
  const base = 'hand-written DataView decode of the same bytes';
  return [
    { name: 'streetlight decodeUplink (number[])', value: Math.round(decode), unit: 'decodes/s', ratio: decode / baseline, baseline: base, target: '>= 1,000,000', ok: decode >= 1_000_000 },
    { name: 'streetlight decodeUplink (Uint8Array)', value: Math.round(decodeU8), unit: 'decodes/s', ratio: decodeU8 / baseline, baseline: base },
    { name: 'streetlight decode + measurements', value: Math.round(withMeasurements), unit: 'decodes/s', ratio: withMeasurements / baseline, baseline: base },
    { name: 'streetlight encodeDownlink (override)', value: Math.round(encode), unit: 'encodes/s' },
    { name: 'hand-written DataView decode (baseline)', value: Math.round(baseline), unit: 'decodes/s' },
  ];
}

export const codecDecodeSuite: BenchSuite = async (opts) => ({ suite: 'codecs-decode', figures: await benchCodecDecode(opts) });
