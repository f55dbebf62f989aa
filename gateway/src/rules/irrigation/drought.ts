import { type DailyWindow, inWindow, parseWindow } from '../local-time';
import type { BanRule, DroughtLevel, ZoneKind } from './types';

/** A drought order in force between two local dates (inclusive). */
export interface DroughtPeriod {
  from: string;
  to: string;
  level: DroughtLevel;
}

/** A level set remotely (hypervisor): wins over the schedule until `until` (if given). */
export interface RemoteDroughtLevel {
  level: DroughtLevel;
  setAt: number;
  until?: number;
  source: string;
}

const all = (w: string): BanRule => ({ window: parseWindow(w), appliesTo: [] });

/**
 * Defaults from domain.md: vigilance = no ban; alerte = no green-space watering 08:00-20:00;
 * alerte renforcée = lawns/green spaces/flower beds banned, young plantings and sports turf
 * at night only; crise = everything banned.
 */
export const DEFAULT_BANS: Record<DroughtLevel, BanRule[]> = {
  none: [],
  vigilance: [],
  alerte: [all('08:00-20:00')],
  alerte_renforcee: [{ window: parseWindow('00:00-24:00'), appliesTo: ['lawn', 'green_space', 'flower_bed'] }, all('08:00-20:00')],
  crise: [all('00:00-24:00')],
};

/** The level in force: a current remote setting, else the highest scheduled level for the date. */
export function droughtLevelAt(schedule: readonly DroughtPeriod[], remote: RemoteDroughtLevel | undefined, now: number, localDate: string): { level: DroughtLevel; source: string } {
  if (remote && now >= remote.setAt && (remote.until === undefined || now < remote.until)) return { level: remote.level, source: remote.source };
  const order = ['none', 'vigilance', 'alerte', 'alerte_renforcee', 'crise'];
  let level: DroughtLevel = 'none';
  for (const p of schedule) if (localDate >= p.from && localDate <= p.to && order.indexOf(p.level) > order.indexOf(level)) level = p.level;
  return { level, source: level === 'none' ? 'none' : 'schedule' };
}

/** The ban rule that forbids watering this zone kind at this local minute, if any. */
export function banFor(bans: Record<DroughtLevel, BanRule[]>, level: DroughtLevel, kind: ZoneKind, minutes: number): BanRule | undefined {
  return bans[level].find((b) => (b.appliesTo.length === 0 || b.appliesTo.includes(kind)) && inWindow(minutes, b.window));
}

export function describeWindow(w: DailyWindow): string {
  const f = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${f(w.from)}-${f(w.to)}`;
}
