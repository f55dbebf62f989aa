/** Sandbox options: every limit has a default, a bound, and a clear error when set wrong. */
import { type MonotonicClock, realMonotonic } from './breaker';

export interface SandboxOptions {
  /** Names the codec in every error entry; default: fileName without extension, else "vendor". */
  id?: string;
  /** Shown in stack locations; default `${id}.js`. */
  fileName?: string;
  /** Wall-clock limit per call, ms (TTN: 100). Enforced by a host watchdog per batch (see README.md). */
  timeoutMs?: number;
  /** V8 old-generation heap of the codec's worker, MB; also caps live ArrayBuffer storage. */
  memoryMb?: number;
  /** Largest batch sent to the worker in one message. */
  maxBatch?: number;
  /** Calls waiting for the worker beyond this are answered at once with an error. */
  maxQueue?: number;
  /** Per-result size budget (JSON characters). */
  maxOutputBytes?: number;
  /** Longest payload accepted (LoRaWAN: 242; serial/Tap transports may carry more). */
  maxInputBytes?: number;
  /** Limit for running the file's top level once at load, ms. */
  loadTimeoutMs?: number;
  /** After this many worker restarts within one batch, the rest of the batch fails fast and the codec is suspended (1 s, doubling to 60 s). */
  maxRestartsPerBatch?: number;
  /** The agent's Clock (device-sdk), for the suspension; default real time. The per-call watchdog always uses real time. */
  clock?: MonotonicClock;
}

export type ResolvedOptions = Required<SandboxOptions>;

/** Source files larger than this are refused (the largest TTN repository codecs are ~200 KB). */
export const MAX_SOURCE_CHARS = 2 * 1024 * 1024;

const bounds: Record<Exclude<keyof SandboxOptions, 'id' | 'fileName' | 'clock'>, [def: number, min: number, max: number, unit: string]> = {
  timeoutMs: [100, 1, 60_000, 'ms'],
  memoryMb: [64, 16, 4096, 'MB'],
  maxBatch: [128, 1, 100_000, 'items'],
  maxQueue: [20_000, 1, 10_000_000, 'items'],
  maxOutputBytes: [64 * 1024, 1024, 16 * 1024 * 1024, 'bytes'],
  maxInputBytes: [1024, 1, 1024 * 1024, 'bytes'],
  loadTimeoutMs: [2000, 10, 60_000, 'ms'],
  maxRestartsPerBatch: [3, 1, 1000, 'restarts'],
};

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,127}$/;

export function resolveOptions(options: SandboxOptions = {}): ResolvedOptions {
  const fileName = options.fileName ?? (options.id ? `${options.id}.js` : 'vendor.js');
  const id = options.id ?? (fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') || 'vendor');
  if (!ID_PATTERN.test(id)) {
    throw new RangeError(`sandbox option id = ${JSON.stringify(id)} is invalid: expected 1-128 characters among letters, digits and . _ : / @ -`);
  }
  if (typeof fileName !== 'string' || fileName.length === 0 || fileName.length > 1024) {
    throw new RangeError(`sandbox option fileName is invalid: expected a non-empty string of at most 1024 characters`);
  }
  const clock = options.clock ?? realMonotonic;
  if (typeof clock.monotonic !== 'function') throw new RangeError('sandbox option clock is invalid: expected an object with monotonic(): number (a device-sdk Clock)');
  const out = { id, fileName, clock } as ResolvedOptions;
  for (const [key, [def, min, max, unit]] of Object.entries(bounds) as Array<[keyof typeof bounds, [number, number, number, string]]>) {
    const value = options[key] ?? def;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(`sandbox option ${key} = ${String(value)} is invalid: expected an integer ${min}..${max} (${unit})`);
    }
    out[key] = value;
  }
  return out;
}
