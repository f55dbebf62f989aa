/**
 * Vendor-codec sandbox: runs third-party codec files, unmodified, the way The Things Network's
 * engine does, in a worker thread with its own vm context, CPU and memory limits. See README.md.
 * Node-only (worker_threads), so it is not re-exported from the package root, which stays usable
 * in browsers and cloud functions: import it as `@ardoise/codecs/sandbox`.
 */
import { LoadError } from './codec-worker';
import { MAX_SOURCE_CHARS, resolveOptions, type SandboxOptions } from './options';
import { SandboxRunner } from './runner';
import { SandboxedCodec, type VendorCodec } from './vendor-codec';

export type { SandboxOptions } from './options';
export type { VendorCodec, NormalizeUplinkOutput, SandboxStats } from './vendor-codec';
export type { MonotonicClock } from './breaker';
export type { VendorEncodeInput } from './input';
export type { EntryPoint } from './protocol';
export { LoadError } from './codec-worker';
export { normalizedMeasurements } from './normalized';

/**
 * Loads one vendor codec file (TS013 decodeUplink/encodeDownlink/decodeDownlink, TTN v2
 * Decoder/Encoder, ChirpStack v3 Decode/Encode, ChirpStack v4 decodeUplink with variables,
 * normalizeUplink) into its own sandbox. Rejects with a LoadError naming the codec and the cause
 * when the file does not compile, its top level throws, loops or exhausts memory, or it defines
 * no entry point. Every later problem is an `errors` entry in that call's result, never a throw.
 * Call close() to stop its worker.
 */
export async function loadVendorCodec(source: string, options: SandboxOptions = {}): Promise<VendorCodec> {
  const resolved = resolveOptions(options);
  if (typeof source !== 'string') throw new TypeError(`codec ${resolved.id}: source must be a string of JavaScript, got ${typeof source}`);
  if (source.length > MAX_SOURCE_CHARS) {
    throw new RangeError(`codec ${resolved.id} (${resolved.fileName}) is ${source.length} characters, more than the ${MAX_SOURCE_CHARS} allowed`);
  }
  const runner = await SandboxRunner.start(source, resolved);
  if (runner.entryPoints.length === 0) {
    await runner.close();
    throw new LoadError(
      `codec ${resolved.id} (${resolved.fileName}) defines no codec entry point: expected one of decodeUplink, encodeDownlink, decodeDownlink (TS013, ChirpStack v4), Decoder/Encoder (TTN v2), Decode/Encode (ChirpStack v3)`,
    );
  }
  return new SandboxedCodec(runner, resolved);
}
