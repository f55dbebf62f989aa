import { SunCalc } from '@ardoise/device-sdk';
import { addDays, localParts, localToUtc } from '../local-time';


const ms = (d: Date | null | undefined): number => (d ? d.getTime() : NaN);

export interface Site {
  latitude: number;
  longitude: number;
  timezone: string;
}

/** When the lights go on and off: the astronomical event and an offset in minutes (+ = later). */
export interface AstroSettings {
  on: { event: 'sunset' | 'civil_dusk'; offsetMin: number };
  off: { event: 'sunrise' | 'civil_dawn'; offsetMin: number };
}

export const DEFAULT_ASTRO: AstroSettings = { on: { event: 'sunset', offsetMin: 0 }, off: { event: 'sunrise', offsetMin: 0 } };

/**
 * One night of the site, named by the local date of its evening.
 * `on`/`off` include the configured offsets; `sunset`/`sunrise` are the raw events.
 */
export interface Night {
  date: string;
  sunset: number;
  sunrise: number;
  civilDusk: number;
  civilDawn: number;
  on: number;
  off: number;
  /** Middle of the burn time ("virtual midnight"). */
  virtualMidnight: number;
}

/**
 * Astronomical clock for one site, computed locally with suncalc (never a web service),
 * cached per night: a year of nights is ~365 computations whatever the number of lamps.
 * Polar day/night (no sunset) is outside this territory's scope: such a night has on = off.
 */
export class AstroClock {
  private readonly cache = new Map<string, Night>();
  /** Last night returned by nightAt and the instants it spans (local noon to local noon). */
  private last?: { from: number; to: number; night: Night };
  private previous?: { from: number; to: number; night: Night };

  constructor(
    readonly site: Site,
    readonly settings: AstroSettings = DEFAULT_ASTRO,
  ) {}

  /** The night an instant belongs to: local noon to next local noon. */
  nightAt(now: number): Night {
    const l = this.last;
    if (l && now >= l.from && now < l.to) return l.night;
    const p = this.previous;
    if (p && now >= p.from && now < p.to) return p.night; // lookups around local noon alternate between two nights
    this.previous = l;
    const { date, minutes } = localParts(now, this.site.timezone);
    const night = this.night(minutes < 12 * 60 ? addDays(date, -1) : date);
    const tz = this.site.timezone;
    this.last = { from: localToUtc(night.date, 12 * 60, tz), to: localToUtc(addDays(night.date, 1), 12 * 60, tz), night };
    return night;
  }

  night(date: string): Night {
    let n = this.cache.get(date);
    if (!n) {
      n = this.compute(date);
      if (this.cache.size > 800) this.cache.clear();
      this.cache.set(date, n);
    }
    return n;
  }

  /** Is `now` between the switch-on and switch-off instants (offsets included)? */
  isDark(now: number): boolean {
    const n = this.nightAt(now);
    return now >= n.on && now < n.off;
  }

  private compute(date: string): Night {
    const { latitude, longitude, timezone } = this.site;
    const evening = SunCalc.getTimes(new Date(localToUtc(date, 12 * 60, timezone)), latitude, longitude);
    const morning = SunCalc.getTimes(new Date(localToUtc(addDays(date, 1), 12 * 60, timezone)), latitude, longitude);
    const sunset = ms(evening.sunset);
    const sunrise = ms(morning.sunrise);
    const civilDusk = ms(evening.dusk);
    const civilDawn = ms(morning.dawn);
    const s = this.settings;
    const on = (s.on.event === 'sunset' ? sunset : civilDusk) + s.on.offsetMin * 60_000;
    const off = (s.off.event === 'sunrise' ? sunrise : civilDawn) + s.off.offsetMin * 60_000;
    if (![sunset, sunrise, civilDusk, civilDawn].every(Number.isFinite)) {
      const noon = localToUtc(date, 12 * 60, timezone);
      return { date, sunset: noon, sunrise: noon, civilDusk: noon, civilDawn: noon, on: noon, off: noon, virtualMidnight: noon };
    }
    return { date, sunset, sunrise, civilDusk, civilDawn, on, off, virtualMidnight: on + (off - on) / 2 };
  }
}
