import type { DailyWindow } from '../local-time';

/** What a zone waters: drought orders treat them differently (domain.md). */
export type ZoneKind = 'lawn' | 'green_space' | 'flower_bed' | 'young_planting' | 'sports_turf';

/** Soil moisture as volumetric water content (%, higher = wetter) or tension (kPa = cb, higher = drier). */
export type MoistureMeasure = 'vwc' | 'tension';

export interface FallbackSchedule {
  /** Reduced watering when the probes are stale: this many minutes… */
  durationMin: number;
  /** …every this many days, at the start of the zone's first window. */
  everyDays: number;
}

export interface Zone {
  id: string;
  kind: ZoneKind;
  probes: string[];
  valves: string[];
  /** Water/flow meters feeding only this zone (leak = flow while every valve is closed). */
  meters?: string[];
  measure: MoistureMeasure;
  /** Start watering when this dry (vwc ≤ start, or tension ≥ start)… */
  start: number;
  /** …and stop when this wet (vwc ≥ stop, or tension ≤ stop). */
  stop: number;
  /** Local daily windows when watering is allowed (e.g. 22:00-06:00). */
  windows: DailyWindow[];
  /** Limits of ONE opening, also sent to the device as its self-close. */
  maxOpenMin: number;
  maxVolumeL: number;
  /** Per-zone daily volume cap, L. */
  dailyCapL: number;
  /** Skip when the rain gauge measured at least this much over the last 24 h, mm. */
  rainSkipMm: number;
  /** A probe silent this long is stale. */
  probeStaleMs: number;
  fallback?: FallbackSchedule;
  /** For the ET0 budget: area (m²) and crop coefficient Kc. */
  areaM2?: number;
  cropCoef: number;
}

export type DroughtLevel = 'none' | 'vigilance' | 'alerte' | 'alerte_renforcee' | 'crise';
export const DROUGHT_LEVELS: readonly DroughtLevel[] = ['none', 'vigilance', 'alerte', 'alerte_renforcee', 'crise'];

export interface BanRule {
  window: DailyWindow;
  /** Zone kinds it applies to; empty = all. */
  appliesTo: ZoneKind[];
}

export type SkipReason = 'clock_untrusted' | 'drought_ban' | 'daily_cap' | 'et_budget' | 'stale_probe' | 'rain' | 'forecast';

export interface ZoneDecision {
  action: 'water' | 'stop';
  /** When watering: length of this opening and its volume limit (device-side self-close). */
  durationMin?: number;
  maxVolumeL?: number;
  reason: 'default' | 'program' | 'sensor';
  why: string;
  /** Set when watering was wanted (or due) but prevented. */
  skip?: SkipReason;
  /** True when this is the reduced fallback schedule. */
  fallback?: boolean;
}
