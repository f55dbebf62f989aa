import { describe, expect, it } from 'vitest';
import { AstroClock } from '../../src/rules/lighting/astro';
import { localParts } from '../../src/rules/local-time';
import { ANGERS, TZ, group, levelAt, paris } from './lighting-fixtures';

const astro = new AstroClock(ANGERS);
const MIN = 60_000;

/** First minute of [from, to) where the lamp is lit, and first minute after that where it is dark. */
function switching(from: number, to: number) {
  const g = group();
  let on: number | undefined;
  let off: number | undefined;
  for (let t = from; t < to; t += MIN) {
    const lit = levelAt(g, t, {}, astro).level > 0;
    if (lit && on === undefined) on = t;
    if (!lit && on !== undefined && off === undefined) off = t;
  }
  return { on: on!, off: off! };
}

const hhmm = (t: number) => {
  const m = Math.floor(localParts(t, TZ).minutes);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

describe('astronomical clock in Angers', () => {
  it('winter night: on within 2 min of sunset (~17:1x local), off within 2 min of sunrise', () => {
    const night = astro.night('2026-12-21');
    expect(hhmm(night.sunset)).toMatch(/^17:1\d$/);
    expect(hhmm(night.sunrise)).toMatch(/^08:4\d$/);
    const { on, off } = switching(paris('2026-12-21', 15), paris('2026-12-22', 11));
    expect(Math.abs(on - night.sunset)).toBeLessThanOrEqual(2 * MIN);
    expect(Math.abs(off - night.sunrise)).toBeLessThanOrEqual(2 * MIN);
  });

  it('summer night: on within 2 min of sunset (~22:0x local, CEST)', () => {
    const night = astro.night('2026-06-21');
    expect(hhmm(night.sunset)).toMatch(/^22:0\d$/);
    const { on, off } = switching(paris('2026-06-21', 20), paris('2026-06-22', 8));
    expect(Math.abs(on - night.sunset)).toBeLessThanOrEqual(2 * MIN);
    expect(Math.abs(off - night.sunrise)).toBeLessThanOrEqual(2 * MIN);
  });

  it('offsets and civil twilight move switch-on and switch-off', () => {
    const a = new AstroClock(ANGERS, { on: { event: 'civil_dusk', offsetMin: 10 }, off: { event: 'sunrise', offsetMin: -15 } });
    const n = a.night('2026-12-21');
    expect(n.on - n.civilDusk).toBe(10 * MIN);
    expect(n.sunrise - n.off).toBe(15 * MIN);
    expect(n.civilDusk - n.sunset).toBeGreaterThan(30 * MIN);
    expect(a.isDark(n.sunset + 5 * MIN)).toBe(false);
    expect(a.isDark(n.civilDusk + 11 * MIN)).toBe(true);
  });

  it.each([
    ['spring-forward night', '2026-03-28'],
    ['fall-back night', '2026-10-24'],
  ])('%s: the 23:00 and 06:00 steps happen at local clock time', (_name, date) => {
    const g = group();
    const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(levelAt(g, paris(date, 22, 59), {}, astro).level).toBe(100);
    expect(levelAt(g, paris(date, 23, 1), {}, astro).level).toBe(40);
    expect(levelAt(g, paris(next, 5, 59), {}, astro).level).toBe(40);
    expect(levelAt(g, paris(next, 6, 1), {}, astro).level).toBe(100);
    // 2026-03-29 has a 23-hour local day and 2026-10-25 a 25-hour one: the dimmed period shows it.
    const dimmed = paris(next, 6) - paris(date, 23);
    expect(dimmed).toBe(date === '2026-03-28' ? 6 * 3600_000 : 8 * 3600_000);
  });

  it('nights are named by their evening: 03:00 belongs to the previous date', () => {
    expect(astro.nightAt(paris('2026-12-22', 3)).date).toBe('2026-12-21');
    expect(astro.nightAt(paris('2026-12-22', 13)).date).toBe('2026-12-22');
  });
});
