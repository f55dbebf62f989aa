import { CodecError, describeValue } from './errors';
import { type Data, type DecodeContext, type Field, warn } from './fields';
import { entriesOf, flatMap, isInteger } from './plain';

/** Names of small values that a `bits` field packs into its bytes. */
export type BitSpec =
  | { bit: number; quantity?: string }
  | { shift: number; width: number; names?: readonly string[] };

/** One boolean at bit `bit` (0 = least significant). */
export const flag = (bit: number, quantity?: string): BitSpec => (quantity ? { bit, quantity } : { bit });
/** An unsigned number (or, with `values`, an enumeration) of `width` bits at `shift`. */
export const bitsOf = (shift: number, width: number, values?: readonly string[]): BitSpec =>
  values ? { shift, width, names: values } : { shift, width };

/**
 * Several booleans / small numbers packed into `size` bytes. Bits not named are reserved: ignored
 * on decode (a newer firmware may set them), written as 0.
 */
export function bits(label: string, size: number, spec: Record<string, BitSpec>): Field {
  const entries = entriesOf(spec);
  const slots = entries.map(([key, s]) => bitSlot(key, s));
  return {
    keys: entries.map(([k]) => k),
    quantities: flatMap(entries, ([key, s]) => ('quantity' in s && s.quantity ? [{ key, quantity: s.quantity }] : [])),
    size,
    doc: `uint${size * 8} bits: ${entries.map(([k, s]) => ('bit' in s ? `${s.bit}=${k}` : `${s.shift}..${s.shift + s.width - 1}=${k}`)).join(', ')}`,
    decode(r, out, ctx) {
      decodeBits(slots, r.uint(label, size), out, ctx);
    },
    encode(w, data) {
      let raw = 0;
      for (let i = 0; i < entries.length; i++) {
        const [key, s] = entries[i]!;
        const value = data[key];
        if ('bit' in s) {
          if (value === undefined || value === false) continue;
          if (value !== true) throw new CodecError(`field "${key}": expected true or false, got ${describeValue(value)}`, key);
          raw += 2 ** s.bit;
          continue;
        }
        raw += encodeSmall(key, s, value) * 2 ** s.shift;
      }
      w.uint(label, size, raw);
    },
  };
}

interface BitSlot {
  key: string;
  shift: number;
  mask: number;
  /** true: a boolean flag; an array: enumeration names; undefined: a small number. */
  flag: boolean;
  names: readonly string[] | undefined;
}

function bitSlot(key: string, s: BitSpec): BitSlot {
  if ('bit' in s) return { key, shift: s.bit, mask: 1, flag: true, names: undefined };
  return { key, shift: s.shift, mask: 2 ** s.width - 1, flag: false, names: s.names };
}

function decodeBits(slots: readonly BitSlot[], raw: number, out: Data, ctx: DecodeContext): void {
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    const n = (raw >>> slot.shift) & slot.mask;
    if (slot.flag) out[slot.key] = n === 1;
    else if (slot.names === undefined) out[slot.key] = n;
    else if (n < slot.names.length) out[slot.key] = slot.names[n];
    else {
      out[slot.key] = `unknown_${n}`;
      warn(ctx, `field "${slot.key}": unknown value ${n} (known: ${slot.names.map((v, j) => `${j}=${v}`).join(', ')})`);
    }
  }
}

function encodeSmall(key: string, s: { width: number; names?: readonly string[] }, value: unknown): number {
  if (s.names) {
    const index = typeof value === 'string' ? s.names.indexOf(value) : -1;
    if (index < 0) throw new CodecError(`field "${key}": expected one of ${s.names.join(', ')}, got ${describeValue(value)}`, key);
    return index;
  }
  const max = 2 ** s.width - 1;
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !isInteger(value) || value < 0 || value > max) {
    throw new CodecError(`field "${key}": expected an integer in 0..${max}, got ${describeValue(value)}`, key);
  }
  return value;
}

/** An enumeration stored in one byte. Unknown values decode as `unknown_N` with a warning. */
export function enumeration(name: string, values: readonly string[]): Field {
  return bits(name, 1, { [name]: bitsOf(0, 8, values) });
}
