import { isInteger } from './plain';

/** Largest payload a first-party codec accepts (LoRaWAN's maximum application payload is 242 bytes). */
export const MAX_PAYLOAD = 242;

/** Validates a TS013 input's bytes and fPort; returns an error message, or undefined when usable. */
export function checkInput(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return 'input must be an object {bytes, fPort}';
  const { bytes, fPort } = input as { bytes?: unknown; fPort?: unknown };
  if (typeof fPort !== 'number' || !isInteger(fPort) || fPort < 1 || fPort > 255) {
    return `fPort must be an integer 1..255, got ${String(fPort)}`;
  }
  // Not `instanceof Uint8Array`: true across realms (sandbox contexts), and no ES2015 global in the exported script.
  if (!Array.isArray(bytes)) {
    if (Object.prototype.toString.call(bytes) !== '[object Uint8Array]') return 'bytes must be an array of integers 0..255 or a Uint8Array';
    return (bytes as Uint8Array).length > MAX_PAYLOAD ? tooLong((bytes as Uint8Array).length) : undefined;
  }
  if (bytes.length > MAX_PAYLOAD) return tooLong(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (typeof b !== 'number' || (b & 0xff) !== b) return `bytes[${i}] must be an integer 0..255, got ${String(b)}`;
  }
  return undefined;
}

const tooLong = (length: number) => `payload of ${length} bytes exceeds the ${MAX_PAYLOAD}-byte limit`;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
