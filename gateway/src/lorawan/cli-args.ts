/** Argument parsing helpers for `ardoise lorawan`: bytes, keys, EUIs and integers with clear errors. */
import { UsageError } from '../cli/io';

const MAX_FRAME_CHARS = 1024;

/** HEX (spaces, colons, 0x allowed) or base64 (as in rxpk "data"). */
export function parseFrameBytes(text: string, what = 'HEX'): Buffer {
  if (text.length > MAX_FRAME_CHARS) throw new UsageError(`${what} is ${text.length} characters; at most ${MAX_FRAME_CHARS} allowed (a LoRaWAN frame is at most 255 bytes)`);
  const compact = text.trim().replace(/^0x/i, '').replace(/[\s:]/g, '');
  if (/^[0-9a-fA-F]*$/.test(compact) && compact.length % 2 === 0 && compact.length > 0) return Buffer.from(compact, 'hex');
  // base64 only when it cannot be hex and is long enough for a frame (>= 12 bytes), to avoid surprises.
  if (compact.length >= 16 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact) && compact.length % 4 === 0) return Buffer.from(compact, 'base64');
  const bad = [...compact].findIndex((c) => !/[0-9a-fA-F]/.test(c));
  const detail = compact.length === 0 ? 'it is empty' : bad >= 0 ? `character "${compact[bad]}" at position ${bad + 1} is not a hex digit` : `it has an odd number (${compact.length}) of hex digits`;
  throw new UsageError(`${what} must be hex bytes (spaces, colons or a 0x prefix allowed) or base64; ${detail}`);
}

/** A 16-byte key; the error never echoes the value. */
export function parseKey(value: string | undefined, option: string): Buffer | undefined {
  if (value === undefined) return undefined;
  const compact = value.replace(/[\s:]/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(compact)) throw new UsageError(`${option} must be 32 hex digits (a 16-byte AES key); got ${compact.length} characters`);
  return Buffer.from(compact, 'hex');
}

export function requireKey(value: string | undefined, option: string): Buffer {
  const k = parseKey(value, option);
  if (!k) throw new UsageError(`${option} is required`);
  return k;
}

export function parseHexId(value: string | undefined, option: string, digits: number): string {
  if (value === undefined) throw new UsageError(`${option} is required`);
  const compact = value.replace(/[\s:-]/g, '').toLowerCase();
  if (!new RegExp(`^[0-9a-f]{${digits}}$`).test(compact)) throw new UsageError(`${option} must be ${digits} hex digits; got "${value.slice(0, 40)}"`);
  return compact;
}

export function parseInteger(value: string | undefined, option: string, min: number, max: number, fallback?: number): number {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new UsageError(`${option} is required`);
  }
  const n = /^(0x[0-9a-f]+|\d+)$/i.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${option} must be an integer ${min}..${max}; got "${value.slice(0, 40)}"`);
  return n;
}
