import { type DailyWindow, inWindow } from '../local-time';
import { banFor, describeWindow } from './drought';
import type { BanRule, DroughtLevel, Zone, ZoneDecision } from './types';

/** What the irrigation rules know about a zone at one instant. */
export interface ZoneInputs {
  clockTrusted: boolean;
  /**
   * Irrigation day "YYYY-MM-DD": the local date of the noon-to-noon day, so that a night window
   * (22:00-06:00) is one day for the daily cap and the fallback schedule.
   */
  localDate: string;
  /** Minutes since local midnight at the site. */
  localMinutes: number;
  /** Driest fresh probe value (undefined: no fresh probe). */
  moisture?: number;
  /** Rain gauge total over the last 24 h, mm (undefined: no gauge). */
  rain24hMm?: number;
  /** Upstream forecast hint: rain expected in the next 24 h, mm (only while fresh). */
  forecastRainMm?: number;
  droughtLevel: DroughtLevel;
  bans: Record<DroughtLevel, BanRule[]>;
  /** Litres used by the zone today, and today's ET0 budget if known. */
  usedTodayL: number;
  budgetTodayL?: number;
  /** Hysteresis state: a watering cycle is in progress… */
  watering: boolean;
  /** …and one of its openings is running now (before its self-close). */
  openNow?: boolean;
  /** Local date of the last fallback watering. */
  lastFallbackDate?: string;
}

const stop = (why: string, skip?: ZoneDecision['skip'], reason: ZoneDecision['reason'] = 'program'): ZoneDecision => ({ action: 'stop', reason, why, ...(skip ? { skip } : {}) });

function minutesLeft(minutes: number, w: DailyWindow): number {
  return w.from < w.to ? w.to - minutes : minutes >= w.from ? 1440 - minutes + w.to : w.to - minutes;
}

function minutesUntilBan(zone: Zone, inputs: ZoneInputs): number {
  let best = Infinity;
  for (const b of inputs.bans[inputs.droughtLevel]) {
    if (b.appliesTo.length > 0 && !b.appliesTo.includes(zone.kind)) continue;
    best = Math.min(best, (b.window.from - inputs.localMinutes + 1440) % 1440 || 1440);
  }
  return best;
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/**
 * Should a zone be watering now? Pure; fail-safe CLOSED: every doubt ends in "stop".
 * Order: clock → drought ban → watering window → volume (daily cap, ET0 budget) →
 * stale probe (reduced fallback if configured) → rain / forecast skip → moisture hysteresis.
 */
export function decideZone(zone: Zone, inputs: ZoneInputs): ZoneDecision {
  if (!inputs.clockTrusted) return stop('clock untrusted: irrigation fails closed', 'clock_untrusted', 'default');
  const ban = banFor(inputs.bans, inputs.droughtLevel, zone.kind, inputs.localMinutes);
  if (ban) return stop(`drought level ${inputs.droughtLevel} bans ${zone.kind} watering ${describeWindow(ban.window)}`, 'drought_ban');
  const window = zone.windows.find((w) => inWindow(inputs.localMinutes, w));
  if (!window) return stop('outside the watering windows');
  const cap = Math.min(zone.dailyCapL, inputs.budgetTodayL ?? Infinity);
  const remainingL = cap - inputs.usedTodayL;
  // Less than one litre left is "reached": an opening's volume is whole litres and 0 would mean "the valve's own limit".
  if (remainingL < 1) {
    const byBudget = (inputs.budgetTodayL ?? Infinity) < zone.dailyCapL;
    return stop(byBudget ? `ET0 budget of ${Math.round(cap)} L used` : `daily cap of ${zone.dailyCapL} L reached`, byBudget ? 'et_budget' : 'daily_cap');
  }
  const limit = (durationMin: number) => ({
    durationMin: Math.max(1, Math.floor(Math.min(durationMin, zone.maxOpenMin, minutesLeft(inputs.localMinutes, window), minutesUntilBan(zone, inputs)))),
    maxVolumeL: Math.floor(Math.min(zone.maxVolumeL, remainingL)),
  });
  if (inputs.moisture === undefined) return staleProbe(zone, inputs, window, limit);
  const rain = rainSkip(zone, inputs);
  if (rain) return rain;
  return hysteresis(zone, inputs, limit);
}

function staleProbe(zone: Zone, inputs: ZoneInputs, window: DailyWindow, limit: (d: number) => { durationMin: number; maxVolumeL: number }): ZoneDecision {
  const f = zone.fallback;
  if (!f) return stop('no fresh soil probe: no watering (no fallback schedule configured)', 'stale_probe', 'default');
  const due = inputs.lastFallbackDate === undefined || daysBetween(inputs.lastFallbackDate, inputs.localDate) >= f.everyDays;
  if (inputs.watering && inputs.openNow) return { action: 'water', ...limit(f.durationMin), reason: 'default', why: 'no fresh soil probe: reduced fallback watering', fallback: true };
  if (!due) return stop(`no fresh soil probe: fallback watering every ${f.everyDays} day(s), not due`, 'stale_probe', 'default');
  const rain = rainSkip(zone, inputs);
  if (rain) return rain;
  if (minutesLeft(inputs.localMinutes, window) < f.durationMin) return stop('no fresh soil probe: too late in the window for the fallback', 'stale_probe', 'default');
  return { action: 'water', ...limit(f.durationMin), reason: 'default', why: `no fresh soil probe: reduced fallback watering (${f.durationMin} min every ${f.everyDays} day(s))`, fallback: true };
}

function rainSkip(zone: Zone, inputs: ZoneInputs): ZoneDecision | undefined {
  if (inputs.watering) return undefined; // a cycle in progress ends on moisture, not on old rain
  if (inputs.rain24hMm !== undefined && inputs.rain24hMm >= zone.rainSkipMm) return stop(`rain skip: ${inputs.rain24hMm} mm in 24 h ≥ ${zone.rainSkipMm} mm`, 'rain', 'sensor');
  if (inputs.forecastRainMm !== undefined && inputs.forecastRainMm >= zone.rainSkipMm) return stop(`forecast skip: ${inputs.forecastRainMm} mm expected ≥ ${zone.rainSkipMm} mm`, 'forecast');
  return undefined;
}

function hysteresis(zone: Zone, inputs: ZoneInputs, limit: (d: number) => { durationMin: number; maxVolumeL: number }): ZoneDecision {
  const m = inputs.moisture!;
  const vwc = zone.measure === 'vwc';
  const dry = vwc ? m <= zone.start : m >= zone.start;
  const wet = vwc ? m >= zone.stop : m <= zone.stop;
  const unit = vwc ? '% VWC' : ' kPa';
  if (wet) return stop(`soil wet enough (${m}${unit}, stop at ${zone.stop}${unit})`, undefined, 'sensor');
  if (inputs.watering || dry) {
    return { action: 'water', ...limit(zone.maxOpenMin), reason: 'sensor', why: `soil ${inputs.watering ? 'not yet wet' : 'dry'} (${m}${unit}, start at ${zone.start}${unit}, stop at ${zone.stop}${unit})` };
  }
  return stop(`soil between thresholds (${m}${unit}), not watering`, undefined, 'sensor');
}
