/**
 * Zone-local clock times with Intl only (no date library, no hand-written DST rules).
 * Dates are "YYYY-MM-DD" strings of the site's calendar; minutes are minutes since local midnight.
 */
export interface LocalParts {
  date: string;
  /** Minutes since local midnight (0..1439.99). */
  minutes: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Offset cache per zone and 15-minute slot (every zone transition falls on a quarter hour):
 * Intl formatting is the costliest call of a year-long simulation.
 */
const offsetCache = new Map<string, Map<number, number>>();
const SLOT = 15 * 60_000;

/** Offset of the zone at `utcMs` (local − UTC), in ms. */
export function zoneOffsetMs(utcMs: number, timeZone: string): number {
  let zone = offsetCache.get(timeZone);
  if (!zone) offsetCache.set(timeZone, (zone = new Map()));
  const slot = Math.floor(utcMs / SLOT);
  let offset = zone.get(slot);
  if (offset === undefined) {
    offset = computeOffset(slot * SLOT, timeZone);
    if (zone.size > 50_000) zone.clear();
    zone.set(slot, offset);
  }
  return offset;
}

function computeOffset(utcMs: number, timeZone: string): number {
  const p: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(utcMs))) p[part.type] = part.value;
  const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

export function localParts(utcMs: number, timeZone: string): LocalParts {
  const local = utcMs + zoneOffsetMs(utcMs, timeZone);
  const d = new Date(local);
  return {
    date: d.toISOString().slice(0, 10),
    minutes: d.getUTCHours() * 60 + d.getUTCMinutes() + d.getUTCSeconds() / 60 + d.getUTCMilliseconds() / 60_000,
    weekday: d.getUTCDay(),
  };
}

/**
 * UTC instant of a local wall time. In the spring-forward gap the time is shifted forward
 * by the gap (02:30 → 03:30); in the autumn overlap the first occurrence is returned.
 */
export function localToUtc(date: string, minutes: number, timeZone: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`) + Math.round(minutes * 60_000);
  const before = zoneOffsetMs(wall - 86_400_000 / 2, timeZone);
  const after = zoneOffsetMs(wall + 86_400_000 / 2, timeZone);
  // Try the earlier offset first (first occurrence in an overlap), then the later one.
  for (const offset of before >= after ? [before, after] : [after, before]) {
    const utc = wall - offset;
    if (zoneOffsetMs(utc, timeZone) === offset) return utc;
  }
  return wall - before; // in a gap: keep the pre-transition offset, which lands after the gap
}

const dateCache = new Map<string, string>();

/** Local date only, cached per 15-minute slot (midnight always falls on a slot boundary). */
export function localDate(utcMs: number, timeZone: string): string {
  const key = `${timeZone}|${Math.floor(utcMs / SLOT)}`;
  let d = dateCache.get(key);
  if (d === undefined) {
    d = localParts(Math.floor(utcMs / SLOT) * SLOT, timeZone).date;
    if (dateCache.size > 50_000) dateCache.clear();
    dateCache.set(key, d);
  }
  return d;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const HHMM = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** "HH:MM" → minutes; throws a RangeError naming the value and the allowed form. */
export function parseClock(text: string, where = 'time'): number {
  const m = HHMM.exec(text);
  const minutes = m ? +m[1] * 60 + +m[2] : NaN;
  if (!m || minutes > 1440) throw new RangeError(`${where}: "${text}" is not a clock time; expected "HH:MM" between 00:00 and 24:00`);
  return minutes;
}

/** A daily window "HH:MM-HH:MM" (may cross midnight; "00:00-24:00" = all day). */
export interface DailyWindow {
  from: number;
  to: number;
}

export function parseWindow(text: string, where = 'window'): DailyWindow {
  const parts = text.split('-');
  if (parts.length !== 2) throw new RangeError(`${where}: "${text}" is not a window; expected "HH:MM-HH:MM"`);
  return { from: parseClock(parts[0], where), to: parseClock(parts[1], where) };
}

export function inWindow(minutes: number, w: DailyWindow): boolean {
  if (w.from === w.to) return false;
  return w.from < w.to ? minutes >= w.from && minutes < w.to : minutes >= w.from || minutes < w.to;
}
