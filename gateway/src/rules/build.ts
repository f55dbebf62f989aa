import { parseAnchor } from './anchor';
import type { RulesConfig } from './config';
import { DEFAULT_BANS } from './irrigation/drought';
import type { BanRule, DroughtLevel, Zone } from './irrigation/types';
import type { AstroSettings } from './lighting/astro';
import type { Lamp, LampGroup, Profile } from './lighting/types';
import { parseWindow } from './local-time';

/** The part of a configured device the rules need. */
export interface RuleDevice {
  id: string;
  type: string;
  group?: string;
  report_interval_s?: number;
}

export interface LightingModel {
  astro: AstroSettings;
  groups: Map<string, LampGroup>;
  lamps: Lamp[];
  /** Light sensor id → groups it serves; presence sensor id → lamps it boosts. */
  lightSensors: Map<string, string[]>;
  presenceSensors: Map<string, string[]>;
  sensorStaleMs: Map<string, number>;
  /** Expected report interval per lamp (no_report alarm after 3 × it). */
  reportIntervalMs: Map<string, number>;
  evaluateIntervalMs: number;
  maxOverrideMs: number;
}

export interface IrrigationModel {
  zones: Zone[];
  bans: Record<DroughtLevel, BanRule[]>;
  rainGauges: string[];
  temperatureSources: string[];
}

export function buildProfile(name: string, p: RulesConfig['lighting']['profiles'][string]): Profile {
  return {
    name,
    onLevel: p.on_level,
    steps: p.steps.map((s) => ({ at: parseAnchor(s.at), level: s.level, fadeMin: s.fade_min })),
    offWindows: p.off_windows.map((w) => ({ from: parseAnchor(w.from), to: parseAnchor(w.to) })),
  };
}

export function buildLighting(cfg: RulesConfig['lighting'], devices: readonly RuleDevice[]): LightingModel {
  const profiles = new Map(Object.entries(cfg.profiles).map(([n, p]) => [n, buildProfile(n, p)]));
  const groups = new Map<string, LampGroup>();
  for (const [id, g] of Object.entries(cfg.groups)) {
    groups.set(id, {
      id,
      profile: g.profile === undefined ? undefined : profiles.get(g.profile),
      profiles,
      exceptions: g.exceptions.map((e) => ({ name: e.name, from: e.from, to: e.to, weekdays: e.weekdays, profile: e.profile, priority: e.priority })),
      defaultLevel: g.default_level,
      ...(g.never_off_floor !== undefined ? { neverOffFloor: g.never_off_floor } : {}),
      ...(g.presence ? { presence: { level: g.presence.level, holdS: g.presence.hold_s, fadeS: g.presence.fade_s, propagate: g.presence.propagate } } : {}),
      ...(g.light_sensor ? { sensor: { onLux: g.light_sensor.on_lux, offLux: g.light_sensor.off_lux, maxShiftMin: g.light_sensor.max_shift_min } } : {}),
      ratedPowerW: g.rated_power_w,
    });
  }
  const lamps = devices.filter((d) => d.type === 'lamp' && d.group !== undefined && groups.has(d.group)).map((d) => ({ id: d.id, group: d.group!, neighbours: cfg.neighbours[d.id] ?? [] }));
  const lightSensors = new Map<string, string[]>();
  const presenceSensors = new Map<string, string[]>();
  const sensorStaleMs = new Map<string, number>();
  for (const d of devices) {
    if (d.group === undefined || !groups.has(d.group)) continue;
    if (d.type === 'light_sensor') {
      lightSensors.set(d.id, [...(lightSensors.get(d.id) ?? []), d.group]);
      sensorStaleMs.set(d.group, (cfg.groups[d.group].light_sensor?.stale_after_s ?? 3600) * 1000);
    }
    if (d.type === 'presence_sensor') presenceSensors.set(d.id, lamps.filter((l) => l.group === d.group).map((l) => l.id));
  }
  const astro: AstroSettings = { on: { event: cfg.astro.on, offsetMin: cfg.astro.on_offset_min }, off: { event: cfg.astro.off, offsetMin: cfg.astro.off_offset_min } };
  const reportIntervalMs = new Map(devices.filter((d) => d.type === 'lamp').map((d) => [d.id, (d.report_interval_s ?? 900) * 1000]));
  return { astro, groups, lamps, lightSensors, presenceSensors, sensorStaleMs, reportIntervalMs, evaluateIntervalMs: cfg.evaluate_interval_s * 1000, maxOverrideMs: cfg.max_override_h * 3_600_000 };
}

export function buildIrrigation(cfg: RulesConfig['irrigation'], devices: readonly RuleDevice[]): IrrigationModel {
  const inZone = (type: string, zone: string) => devices.filter((d) => d.type === type && d.group === zone).map((d) => d.id);
  const zones: Zone[] = Object.entries(cfg.zones).map(([id, z]) => ({
    id,
    kind: z.kind,
    probes: inZone('soil_probe', id),
    valves: inZone('valve', id),
    meters: [...inZone('water_meter', id), ...inZone('flow_meter', id)],
    measure: z.measure,
    start: z.start ?? (z.measure === 'vwc' ? 20 : 50),
    stop: z.stop ?? (z.measure === 'vwc' ? 30 : 20),
    windows: z.windows.map((w) => parseWindow(w)),
    maxOpenMin: z.max_open_min,
    maxVolumeL: z.max_volume_l,
    dailyCapL: z.daily_cap_l,
    rainSkipMm: z.rain_skip_mm,
    probeStaleMs: z.probe_stale_min * 60_000,
    ...(z.fallback ? { fallback: { durationMin: z.fallback.duration_min, everyDays: z.fallback.every_days } } : {}),
    ...(z.area_m2 !== undefined ? { areaM2: z.area_m2 } : {}),
    cropCoef: z.crop_coef,
  }));
  const bans = { ...DEFAULT_BANS };
  for (const [level, rules] of Object.entries(cfg.drought.bans) as [DroughtLevel, { window: string; applies_to: BanRule['appliesTo'] }[] | undefined][]) {
    if (rules) bans[level] = rules.map((r) => ({ window: parseWindow(r.window), appliesTo: r.applies_to }));
  }
  return {
    zones,
    bans,
    rainGauges: devices.filter((d) => d.type === 'rain_gauge').map((d) => d.id),
    temperatureSources: devices.filter((d) => d.type === 'weather_station' || d.type === 'air_temperature').map((d) => d.id),
  };
}
