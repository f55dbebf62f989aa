import type { ByteReader } from './reader';
import type { ByteWriter } from './writer';
import { CodecError, describeValue } from './errors';

/** Decoded (or to-be-encoded) object of one frame. */
export type Data = Record<string, unknown>;

/** Per-call state a field may add warnings to (allocated lazily: most frames have none). */
export interface DecodeContext {
  warnings?: string[];
}

export function warn(ctx: DecodeContext, message: string): void {
  (ctx.warnings ??= []).push(message);
}

/** A data key of a field that is a measurement of the shared vocabulary. */
export interface QuantityRef {
  key: string;
  quantity: string;
}

/**
 * One piece of a frame layout. A field reads/writes one or more data keys; all reads and writes
 * are bounds-checked and every error names the field (see CodecError).
 */
export interface Field {
  /** Data keys this field produces on decode and consumes on encode. */
  readonly keys: readonly string[];
  readonly quantities: readonly QuantityRef[];
  /** Byte size, or undefined when variable (lists). */
  readonly size: number | undefined;
  /** One line for layout docs, e.g. `uint16, ÷10`. */
  readonly doc: string;
  /** Unit for layout docs (a quantity's unit comes from the vocabulary instead). */
  readonly unit?: string;
  /** True when decode may leave its key out (absent sentinel). */
  readonly optional?: boolean;
  decode(r: ByteReader, out: Data, ctx: DecodeContext): void;
  encode(w: ByteWriter, data: Data): void;
}

export interface NumberOptions {
  /** Engineering value = raw / div (e.g. 10 for 0.1 resolution). Default 1. */
  div?: number;
  /** Quantity of the shared vocabulary this field measures (its unit comes from there). */
  quantity?: string;
  /** Unit for docs when the field is not a vocabulary quantity. */
  unit?: string;
  /** Accepted engineering range on encode (defaults to what the raw integer can hold). */
  min?: number;
  max?: number;
  /** Raw value meaning "not fitted / not measured": the key is omitted on decode, written when the key is absent on encode. */
  absent?: number;
}

function rawRange(size: number, signed: boolean): [number, number] {
  const span = 2 ** (size * 8);
  return signed ? [-span / 2, span / 2 - 1] : [0, span - 1];
}

function numberField(name: string, size: number, signed: boolean, options: NumberOptions): Field {
  const div = options.div ?? 1;
  const [rawMin, rawMax] = rawRange(size, signed);
  const absent = options.absent;
  const min = options.min ?? (options.absent === rawMin ? rawMin + 1 : rawMin) / div;
  const max = options.max ?? (options.absent === rawMax ? rawMax - 1 : rawMax) / div;
  const type = `${signed ? 'int' : 'uint'}${size * 8}`;
  const unit = options.unit ? ` ${options.unit}` : '';
  const expected = `a number in ${min}..${max}${unit}${div !== 1 ? ` (resolution ${1 / div})` : ''}`;
  return {
    keys: [name],
    quantities: options.quantity ? [{ key: name, quantity: options.quantity }] : [],
    size,
    doc: `${type}${div !== 1 ? `, ÷${div}` : ''}${options.absent !== undefined ? `, ${options.absent} = absent` : ''}${options.min !== undefined || options.max !== undefined ? `, ${min}..${max}` : ''}`,
    ...(options.unit ? { unit: options.unit } : {}),
    optional: absent !== undefined,
    decode(r, out) {
      const raw = signed ? r.int(name, size) : r.uint(name, size);
      if (raw !== absent) out[name] = raw / div;
    },
    encode(w, data) {
      const value = data[name];
      if (value === undefined && options.absent !== undefined) return w.int(name, size, options.absent);
      if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
        throw new CodecError(`field "${name}": expected ${expected}, got ${describeValue(value)}`, name);
      }
      const raw = Math.round(value * div);
      if (signed) w.int(name, size, raw);
      else w.uint(name, size, raw);
    },
  };
}

export const u8 = (name: string, o: NumberOptions = {}) => numberField(name, 1, false, o);
export const u16 = (name: string, o: NumberOptions = {}) => numberField(name, 2, false, o);
export const u24 = (name: string, o: NumberOptions = {}) => numberField(name, 3, false, o);
export const u32 = (name: string, o: NumberOptions = {}) => numberField(name, 4, false, o);
export const i8 = (name: string, o: NumberOptions = {}) => numberField(name, 1, true, o);
export const i16 = (name: string, o: NumberOptions = {}) => numberField(name, 2, true, o);
export const i32 = (name: string, o: NumberOptions = {}) => numberField(name, 4, true, o);

/** Names of small values that a `bits` field packs into its bytes. */
export type BitSpec =
  | { bit: number; quantity?: string }
  | { shift: number; width: number; values?: readonly string[] };

/** One boolean at bit `bit` (0 = least significant). */
export const flag = (bit: number, quantity?: string): BitSpec => (quantity ? { bit, quantity } : { bit });
/** An unsigned number (or, with `values`, an enumeration) of `width` bits at `shift`. */
export const bitsOf = (shift: number, width: number, values?: readonly string[]): BitSpec =>
  values ? { shift, width, values } : { shift, width };

/**
 * Several booleans / small numbers packed into `size` bytes. Bits not named are reserved: ignored
 * on decode (a newer firmware may set them), written as 0.
 */
export function bits(label: string, size: number, spec: Record<string, BitSpec>): Field {
  const entries = Object.entries(spec);
  const slots = entries.map(([key, s]) => bitSlot(key, s));
  return {
    keys: entries.map(([k]) => k),
    quantities: entries.flatMap(([key, s]) => ('quantity' in s && s.quantity ? [{ key, quantity: s.quantity }] : [])),
    size,
    doc: `uint${size * 8} bits: ${entries.map(([k, s]) => ('bit' in s ? `${s.bit}=${k}` : `${s.shift}..${s.shift + s.width - 1}=${k}`)).join(', ')}`,
    decode(r, out, ctx) {
      decodeBits(slots, r.uint(label, size), out, ctx);
    },
    encode(w, data) {
      let raw = 0;
      for (const [key, s] of entries) {
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
  values: readonly string[] | undefined;
}

function bitSlot(key: string, s: BitSpec): BitSlot {
  if ('bit' in s) return { key, shift: s.bit, mask: 1, flag: true, values: undefined };
  return { key, shift: s.shift, mask: 2 ** s.width - 1, flag: false, values: s.values };
}

function decodeBits(slots: readonly BitSlot[], raw: number, out: Data, ctx: DecodeContext): void {
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    const n = (raw >>> slot.shift) & slot.mask;
    if (slot.flag) out[slot.key] = n === 1;
    else if (slot.values === undefined) out[slot.key] = n;
    else if (n < slot.values.length) out[slot.key] = slot.values[n];
    else {
      out[slot.key] = `unknown_${n}`;
      warn(ctx, `field "${slot.key}": unknown value ${n} (known: ${slot.values.map((v, j) => `${j}=${v}`).join(', ')})`);
    }
  }
}

function encodeSmall(key: string, s: { width: number; values?: readonly string[] }, value: unknown): number {
  if (s.values) {
    const index = typeof value === 'string' ? s.values.indexOf(value) : -1;
    if (index < 0) throw new CodecError(`field "${key}": expected one of ${s.values.join(', ')}, got ${describeValue(value)}`, key);
    return index;
  }
  const max = 2 ** s.width - 1;
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new CodecError(`field "${key}": expected an integer in 0..${max}, got ${describeValue(value)}`, key);
  }
  return value;
}

/** An enumeration stored in one byte. Unknown values decode as `unknown_N` with a warning. */
export function enumeration(name: string, values: readonly string[]): Field {
  return bits(name, 1, { [name]: bitsOf(0, 8, values) });
}

/** Minutes since local midnight in a uint16, as "HH:MM". */
export function clockTime(name: string): Field {
  return {
    keys: [name],
    quantities: [],
    size: 2,
    doc: 'uint16, minutes since midnight, "HH:MM"',
    decode(r, out) {
      const minutes = r.u16(name);
      if (minutes >= 1440) throw new CodecError(`field "${name}" at offset ${r.offset - 2}: expected minutes 0..1439, got ${minutes}`, name);
      out[name] = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    },
    encode(w, data) {
      const value = data[name];
      const match = typeof value === 'string' ? /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value) : null;
      if (!match) throw new CodecError(`field "${name}": expected a time "HH:MM" (00:00..23:59), got ${describeValue(value)}`, name);
      w.uint(name, 2, Number(match[1]) * 60 + Number(match[2]));
    },
  };
}

/** UTC time as uint32 Unix seconds, as an ISO 8601 string. */
export function unixTime(name: string): Field {
  return {
    keys: [name],
    quantities: [],
    size: 4,
    doc: 'uint32, Unix seconds (UTC), ISO 8601 string',
    decode(r, out) {
      out[name] = new Date(r.uint(name, 4) * 1000).toISOString();
    },
    encode(w, data) {
      const value = data[name];
      const ms = typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) ? Date.parse(value) : Number.NaN;
      if (!Number.isFinite(ms) || ms < 0 || ms / 1000 > 0xffffffff) {
        throw new CodecError(`field "${name}": expected an ISO 8601 UTC time between 1970 and 2106, got ${describeValue(value)}`, name);
      }
      w.uint(name, 4, Math.floor(ms / 1000));
    },
  };
}

/** A count byte followed by that many items, each an object of `fields`. */
export function list(name: string, fields: readonly Field[], options: { min?: number; max: number }): Field {
  const min = options.min ?? 0;
  return {
    keys: [name],
    quantities: [],
    size: undefined,
    doc: `uint8 count (${min}..${options.max}), then per item: ${fields.map((f) => `${f.keys.join('+')} (${f.doc})`).join('; ')}`,
    decode(r, out, ctx) {
      const count = r.u8(`${name}.count`);
      if (count < min || count > options.max) {
        throw new CodecError(`field "${name}" at offset ${r.offset - 1}: expected ${min}..${options.max} items, got ${count}`, name);
      }
      const items: Data[] = [];
      for (let i = 0; i < count; i++) {
        const item: Data = {};
        try {
          for (const f of fields) f.decode(r, item, ctx);
        } catch (error) {
          throw itemError(error, name, i);
        }
        items.push(item);
      }
      out[name] = items;
    },
    encode(w, data) {
      const value = data[name];
      if (!Array.isArray(value) || value.length < min || value.length > options.max) {
        throw new CodecError(`field "${name}": expected a list of ${min}..${options.max} items, got ${describeValue(value)}${Array.isArray(value) ? ` of ${value.length}` : ''}`, name);
      }
      w.uint(`${name}.count`, 1, value.length);
      value.forEach((item, i) => {
        if (typeof item !== 'object' || item === null || Array.isArray(item)) {
          throw new CodecError(`field "${name}[${i}]": expected an object with ${fields.flatMap((f) => f.keys).join(', ')}, got ${describeValue(item)}`, name);
        }
        for (const f of fields) {
          try {
            f.encode(w, item as Data);
          } catch (error) {
            throw itemError(error, name, i);
          }
        }
      });
    },
  };
}

/** Names the list item in a field error: `field "at"` becomes `field "steps[2].at"`. */
function itemError(error: unknown, list: string, index: number): unknown {
  if (!(error instanceof CodecError)) return error;
  return new CodecError(error.message.replace('field "', `field "${list}[${index}].`), list, error.offset);
}
