import { CodecError, describeValue } from './errors';
import type { Field } from './fields';

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
      if (typeof value !== 'number' || !isFinite(value) || value < min || value > max) {
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
