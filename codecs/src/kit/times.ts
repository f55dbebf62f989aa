import { CodecError, describeValue } from './errors';
import type { Field } from './fields';
import { pad2 } from './plain';

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
      out[name] = `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
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
      const ms = typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) ? Date.parse(value) : NaN;
      if (!isFinite(ms) || ms < 0 || ms / 1000 > 0xffffffff) {
        throw new CodecError(`field "${name}": expected an ISO 8601 UTC time between 1970 and 2106, got ${describeValue(value)}`, name);
      }
      w.uint(name, 4, Math.floor(ms / 1000));
    },
  };
}
