import { CodecError, describeValue } from './errors';
import type { Data, Field } from './fields';
import { flatMap } from './plain';

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
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item !== 'object' || item === null || Array.isArray(item)) {
          throw new CodecError(`field "${name}[${i}]": expected an object with ${flatMap(fields, (f) => f.keys).join(', ')}, got ${describeValue(item)}`, name);
        }
        for (const f of fields) {
          try {
            f.encode(w, item as Data);
          } catch (error) {
            throw itemError(error, name, i);
          }
        }
      }
    },
  };
}

/** Names the list item in a field error: `field "at"` becomes `field "steps[2].at"`. */
function itemError(error: unknown, list: string, index: number): unknown {
  if (!(error instanceof CodecError)) return error;
  return new CodecError(error.message.replace('field "', `field "${list}[${index}].`), list, error.offset);
}
