import { AstroClock } from '../../src/rules/lighting/astro';
import { type LightingInputs, desiredLevel } from '../../src/rules/lighting/desired-level';
import { programFor } from '../../src/rules/lighting/program';
import type { Lamp, LampGroup, Profile } from '../../src/rules/lighting/types';
import { localToUtc } from '../../src/rules/local-time';

export const ANGERS = { latitude: 47.4784, longitude: -0.5632, timezone: 'Europe/Paris' };
export const TZ = ANGERS.timezone;

export const clock = (h: number, m = 0) => ({ kind: 'clock' as const, minutes: h * 60 + m });

/** "Other districts": −60 % from 23:00 to 06:00 (domain.md). */
export const DISTRICT: Profile = {
  name: 'district',
  onLevel: 100,
  steps: [
    { at: clock(23), level: 40, fadeMin: 0 },
    { at: clock(6), level: 100, fadeMin: 0 },
  ],
  offWindows: [],
};

export function group(over: Partial<LampGroup> = {}): LampGroup {
  const profile = over.profile === undefined && !('profile' in over) ? DISTRICT : over.profile;
  const profiles = new Map<string, Profile>([[DISTRICT.name, DISTRICT]]);
  if (profile) profiles.set(profile.name, profile);
  return { id: 'g1', exceptions: [], profiles, defaultLevel: 100, ratedPowerW: 50, ...over, profile };
}

export const lamp = (id = 'lamp-1', over: Partial<Lamp> = {}): Lamp => ({ id, group: 'g1', neighbours: [], ...over });

/** Local wall time in Angers → UTC ms. */
export const paris = (date: string, h: number, m = 0) => localToUtc(date, h * 60 + m, TZ);

export function levelAt(g: LampGroup, now: number, extra: Partial<LightingInputs> = {}, astro = new AstroClock(ANGERS), l = lamp()) {
  const night = astro.nightAt(now);
  return desiredLevel(g, l, now, { night, program: programFor(g, night, TZ), clockTrusted: true, ...extra });
}
