import { SunCalc } from '../sun';

/** Where the simulated fleet stands: drives day/night and local hours. */
export interface Site {
  latitude: number;
  longitude: number;
  timezone: string;
}

/** What a virtual device sees at one instant. */
export interface Environment {
  now: number;
  /** Sun altitude above the horizon, degrees (negative at night). */
  sunAltitude: number;
  /** Local hour of day with fraction, in the site's time zone (0..24). */
  localHour: number;
  /** Air temperature, °C (simple diurnal curve). */
  airTemperature: number;
  /** Rain falling now, mm/h (0 most of the time). */
  rainRate: number;
}

/** Degrees per radian (suncalc 2.x already returns altitudes in degrees). */
const DEG = 180 / Math.PI;

/** Local hour in a time zone without any date library: Intl does the zone rules. */
const hourFormats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per time zone: building an Intl.DateTimeFormat is far costlier than using it. */
function hourFormat(timezone: string): Intl.DateTimeFormat {
  let format = hourFormats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    hourFormats.set(timezone, format);
  }
  return format;
}

export function localHour(now: number, timezone: string): number {
  const parts = hourFormat(timezone).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') + get('minute') / 60;
}

/** Clear-sky illuminance (lx) from sun altitude: ~0 below civil twilight, ~100 klx at high sun. */
export function clearSkyLux(sunAltitudeDeg: number): number {
  if (sunAltitudeDeg <= -6) return 0.05;
  if (sunAltitudeDeg <= 0) return 0.05 + 400 * ((sunAltitudeDeg + 6) / 6) ** 3;
  return 400 + 110_000 * Math.sin(sunAltitudeDeg / DEG) ** 1.2;
}

/**
 * The weather of the demo: deterministic in time (so every device agrees), showers a few hours
 * a week, temperature swinging between night and afternoon.
 */
export function environmentAt(now: number, site: Site): Environment {
  const sun = SunCalc.getPosition(new Date(now), site.latitude, site.longitude);
  const hour = localHour(now, site.timezone);
  const day = Math.floor(now / 86_400_000);
  const airTemperature = 14 + 6 * Math.sin(((hour - 9) / 24) * 2 * Math.PI) + 3 * Math.sin(day / 5);
  const showerPhase = Math.sin(now / 3_600_000 / 7.3) + Math.sin(now / 3_600_000 / 2.9);
  const rainRate = showerPhase > 1.6 ? (showerPhase - 1.6) * 8 : 0;
  return { now, sunAltitude: sun.altitude, localHour: hour, airTemperature, rainRate };
}
