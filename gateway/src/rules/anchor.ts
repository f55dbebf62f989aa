import { parseClock } from './local-time';
import type { Anchor, AnchorKind } from './lighting/types';

const ASTRO = /^(sunset|sunrise|on|off|midnight)(?:([+-])(\d{1,4}))?$/;

/**
 * A profile time in config: "HH:MM" (local clock), or "sunset", "sunrise", "on", "off",
 * "midnight" (virtual midnight, middle of the burn time), each optionally ±minutes: "sunset+30".
 */
export function parseAnchor(text: string): Anchor {
  const m = ASTRO.exec(text.trim());
  if (m) return { kind: m[1] as AnchorKind, offsetMin: m[2] ? (m[2] === '-' ? -1 : 1) * Number(m[3]) : 0 };
  try {
    return { kind: 'clock', minutes: parseClock(text.trim()) };
  } catch {
    throw new RangeError(`"${text}" is not a profile time; expected "HH:MM", or sunset|sunrise|on|off|midnight with an optional ±minutes such as "sunset+30"`);
  }
}
