import { addDays, localToUtc } from '../local-time';
import type { Night } from './astro';
import type { Anchor, CalendarException, LampGroup, Profile } from './types';

/** Level increment (%) of gradual dimming: each change is a downlink, so fades move in steps. */
export const FADE_STEP = 5;

/** A profile placed on one night: absolute instants, ready for fast lookups. */
export interface NightProgram {
  profile: string;
  exception?: string;
  steps: { at: number; level: number; fadeMs: number }[];
  offWindows: { from: number; to: number }[];
  onLevel: number;
}

/** Instant of an anchor within the night (clock times fall between local noon and next noon). */
export function anchorTime(anchor: Anchor, night: Night, timeZone: string): number {
  switch (anchor.kind) {
    case 'clock':
      return anchor.minutes >= 12 * 60 ? localToUtc(night.date, anchor.minutes, timeZone) : localToUtc(addDays(night.date, 1), anchor.minutes, timeZone);
    case 'sunset':
      return night.sunset + anchor.offsetMin * 60_000;
    case 'sunrise':
      return night.sunrise + anchor.offsetMin * 60_000;
    case 'on':
      return night.on + anchor.offsetMin * 60_000;
    case 'off':
      return night.off + anchor.offsetMin * 60_000;
    case 'midnight':
      return night.virtualMidnight + anchor.offsetMin * 60_000;
  }
}

function weekdayOf(date: string): number {
  return new Date(`${date}T12:00:00Z`).getUTCDay();
}

/** The calendar exception in force for a night, highest priority first (ties: first listed). */
export function exceptionFor(exceptions: readonly CalendarException[], date: string): CalendarException | undefined {
  let best: CalendarException | undefined;
  for (const e of exceptions) {
    if (date < e.from || date > e.to) continue;
    if (e.weekdays.length > 0 && !e.weekdays.includes(weekdayOf(date))) continue;
    if (!best || e.priority > best.priority) best = e;
  }
  return best;
}

export function placeProfile(profile: Profile, night: Night, timeZone: string): NightProgram {
  const steps = profile.steps
    .map((s) => ({ at: anchorTime(s.at, night, timeZone), level: s.level, fadeMs: s.fadeMin * 60_000 }))
    .sort((a, b) => a.at - b.at);
  const offWindows = profile.offWindows.map((w) => ({ from: anchorTime(w.from, night, timeZone), to: anchorTime(w.to, night, timeZone) }));
  return { profile: profile.name, steps, offWindows, onLevel: profile.onLevel };
}

/** The program of a group for a night, or undefined when it has no valid program. */
export function programFor(group: LampGroup, night: Night, timeZone: string): NightProgram | undefined {
  const exception = exceptionFor(group.exceptions, night.date);
  const profile = exception ? group.profiles.get(exception.profile) : group.profile;
  if (!profile) return undefined;
  const placed = placeProfile(profile, night, timeZone);
  return exception ? { ...placed, exception: exception.name } : placed;
}

/** Programmed level at `now` (assumed inside the night's burn time). */
export function programLevel(program: NightProgram, now: number): { level: number; switchedOff: boolean } {
  for (const w of program.offWindows) if (now >= w.from && now < w.to) return { level: 0, switchedOff: true };
  let level = program.onLevel;
  for (const step of program.steps) {
    if (step.at > now) break;
    const progress = step.fadeMs > 0 ? Math.min(1, (now - step.at) / step.fadeMs) : 1;
    const from = level;
    level = from + (step.level - from) * progress;
    // During a fade, move in whole FADE_STEP increments: a 5-hour fade is ~10 commands, not 300.
    if (progress < 1) level = from + Math.trunc((level - from) / FADE_STEP) * FADE_STEP;
  }
  return { level: Math.round(level), switchedOff: false };
}
