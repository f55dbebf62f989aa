import { CodecError, describeValue } from './errors';
import type { Field } from './fields';
import { pad2 as pad } from './plain';

const ANCHORS = ['clock', 'sunset', 'sunrise'] as const;
const OFFSET_BIAS = 8192;
const MAX_OFFSET = 720;
const PATTERN = /^(?:([01]\d|2[0-3]):([0-5]\d)|(sunset|sunrise)(?:([+-])(\d{1,3}))?)$/;

/**
 * A schedule time in a uint16, as text: "HH:MM" (local clock), or "sunset" / "sunrise" with an
 * optional offset in minutes ("sunset+15", "sunrise-30", within ±720), so a device that lost
 * contact still follows the astronomical clock (TALQ astro-clock periods). Bits 15..14 = anchor
 * (0 clock, 1 sunset, 2 sunrise), bits 13..0 = minutes since midnight, or offset + 8192.
 */
export function scheduleTime(name: string): Field {
  return {
    keys: [name],
    quantities: [],
    size: 2,
    doc: 'uint16: bits 15..14 anchor (0 clock, 1 sunset, 2 sunrise), bits 13..0 minutes (clock) or offset+8192; "HH:MM" | "sunset±N" | "sunrise±N"',
    decode(r, out) {
      const at = r.offset;
      const raw = r.u16(name);
      const anchor = ANCHORS[raw >>> 14];
      const value = raw & 0x3fff;
      if (anchor === 'clock' && value < 1440) out[name] = `${pad(Math.floor(value / 60))}:${pad(value % 60)}`;
      else if (anchor && anchor !== 'clock' && Math.abs(value - OFFSET_BIAS) <= MAX_OFFSET) out[name] = astro(anchor, value - OFFSET_BIAS);
      else throw new CodecError(`field "${name}" at offset ${at}: 0x${raw.toString(16)} is not a clock time (0..1439 min) or a sunset/sunrise offset (±${MAX_OFFSET} min)`, name, at);
    },
    encode(w, data) {
      const value = data[name];
      const match = typeof value === 'string' ? PATTERN.exec(value) : null;
      const offset = match?.[3] ? Number(match[5] ?? 0) * (match[4] === '-' ? -1 : 1) : 0;
      if (!match || Math.abs(offset) > MAX_OFFSET) {
        throw new CodecError(`field "${name}": expected "HH:MM" (00:00..23:59), or "sunset"/"sunrise" with an optional offset of ±${MAX_OFFSET} minutes (e.g. "sunset+15"), got ${describeValue(value)}`, name);
      }
      if (!match[3]) return w.uint(name, 2, Number(match[1]) * 60 + Number(match[2]));
      w.uint(name, 2, ANCHORS.indexOf(match[3] as 'sunset') * 0x4000 + OFFSET_BIAS + offset);
    },
  };
}

const astro = (anchor: string, offset: number) => (offset === 0 ? anchor : `${anchor}${offset > 0 ? '+' : ''}${offset}`);
