import { z } from 'zod';
import { parseAnchor } from './anchor';
import { DEFAULT_BANS } from './irrigation/drought';
import { DROUGHT_LEVELS, type DroughtLevel } from './irrigation/types';
import { parseWindow } from './local-time';

/**
 * Config sections of the edge rules (`rules.lighting`, `rules.irrigation`), snake_case like the
 * rest of the config. Defaults come from docs/domain.md. Lamps, probes and valves are the
 * `devices` of the main config (type lamp | light_sensor | presence_sensor | soil_probe | valve |
 * rain_gauge | water_meter, `group` = lighting group or irrigation zone): see ./build.ts.
 */
const strict = <T extends z.ZodRawShape>(shape: T) =>
  z.strictObject(shape, {
    error: (i) => (i.code === 'unrecognized_keys' ? `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}; allowed: ${Object.keys(shape).join(', ')}` : undefined),
  });

const refine = <T>(parse: (s: string) => T) =>
  z.string().superRefine((s, ctx) => {
    try {
      parse(s);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message, input: s });
    }
  });

const anchorText = refine(parseAnchor);
const windowText = refine((s) => parseWindow(s));
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date "YYYY-MM-DD"');
const level = z.number().int().min(0).max(100);
const dateRange = <T extends z.ZodRawShape>(shape: T) => strict({ from: date, to: date, ...shape }).refine((r) => (r as { from: string }).from <= (r as { to: string }).to, { message: '"from" must not be after "to"' });

export const profileSchema = strict({
  on_level: level.default(100).describe('Level at switch-on, until the first step (%)'),
  steps: z.array(strict({ at: anchorText, level, fade_min: z.number().min(0).max(720).default(0) })).max(48).default([]),
  off_windows: z.array(strict({ from: anchorText, to: anchorText })).max(8).default([]).describe('Night switch-off windows'),
});

export const lampGroupSchema = strict({
  profile: z.string().max(64).optional().describe('Profile name; none = no valid program (fail-safe default level)'),
  default_level: level.default(100).describe('Fail-safe level'),
  never_off_floor: level.optional().describe('Never-off class: minimum level whenever it is dark'),
  rated_power_w: z.number().positive().max(5000).default(50),
  presence: strict({
    level: level.default(100),
    hold_s: z.number().int().min(1).max(3600).default(120),
    fade_s: z.number().int().min(0).max(3600).default(30),
    propagate: z.boolean().default(true).describe('Boost the neighbours listed in lighting.neighbours too'),
  }).optional(),
  light_sensor: strict({
    on_lux: z.number().min(0).max(100_000).default(20),
    off_lux: z.number().min(0).max(100_000).default(40),
    max_shift_min: z.number().int().min(0).max(240).default(60),
    stale_after_s: z.number().int().min(60).max(86_400).default(3600),
  }).refine((s) => s.off_lux > s.on_lux, { message: 'off_lux must be greater than on_lux (hysteresis)', path: ['off_lux'] }).optional(),
  exceptions: z.array(dateRange({
    name: z.string().min(1).max(64),
    weekdays: z.array(z.number().int().min(0).max(6)).default([]).describe('0 = Sunday; empty = every day'),
    profile: z.string().max(64),
    priority: z.number().int().default(0),
  })).max(200).default([]),
});

export const lightingSchema = strict({
  enabled: z.boolean().default(false),
  astro: strict({
    on: z.enum(['sunset', 'civil_dusk']).default('sunset'),
    on_offset_min: z.number().int().min(-120).max(120).default(0),
    off: z.enum(['sunrise', 'civil_dawn']).default('sunrise'),
    off_offset_min: z.number().int().min(-120).max(120).default(0),
  }).prefault({}),
  evaluate_interval_s: z.number().int().min(5).max(600).default(60),
  profiles: z.record(z.string().max(64), profileSchema).default({}),
  groups: z.record(z.string().max(64), lampGroupSchema).default({}),
  neighbours: z.record(z.string().max(64), z.array(z.string().max(64)).max(16)).default({}).describe('Presence propagation: lamp id → neighbouring lamp ids'),
  max_override_h: z.number().min(0.1).max(24 * 31).default(168).describe('Longest override accepted'),
}).superRefine((l, ctx) => {
  for (const [name, g] of Object.entries(l.groups)) {
    if (g.profile !== undefined && !l.profiles[g.profile]) ctx.addIssue({ code: 'custom', path: ['groups', name, 'profile'], input: g.profile, message: `unknown profile; defined: ${Object.keys(l.profiles).join(', ') || '(none)'}` });
    g.exceptions.forEach((e, i) => {
      if (!l.profiles[e.profile]) ctx.addIssue({ code: 'custom', path: ['groups', name, 'exceptions', i, 'profile'], input: e.profile, message: `unknown profile; defined: ${Object.keys(l.profiles).join(', ') || '(none)'}` });
    });
  }
});

const zoneKinds = z.enum(['lawn', 'green_space', 'flower_bed', 'young_planting', 'sports_turf']);

export const zoneSchema = strict({
  kind: zoneKinds.default('green_space'),
  measure: z.enum(['vwc', 'tension']).default('vwc'),
  start: z.number().min(0).max(1000).optional().describe('Dry threshold (default 20 % VWC, or 50 kPa)'),
  stop: z.number().min(0).max(1000).optional().describe('Wet threshold (default 30 % VWC, or 20 kPa)'),
  windows: z.array(windowText).min(1).max(6).default(['22:00-06:00']),
  max_open_min: z.number().int().min(1).max(1440).default(30),
  max_volume_l: z.number().int().min(1).max(1_000_000).default(1000),
  daily_cap_l: z.number().min(0).max(10_000_000).default(3000),
  rain_skip_mm: z.number().min(0).max(500).default(5),
  probe_stale_min: z.number().int().min(5).max(7 * 1440).default(180),
  fallback: strict({ duration_min: z.number().int().min(1).max(240), every_days: z.number().int().min(1).max(30).default(1) }).optional(),
  area_m2: z.number().positive().max(1_000_000).optional(),
  crop_coef: z.number().min(0).max(2).default(0.8),
}).superRefine((z0, ctx) => {
  const start = z0.start ?? (z0.measure === 'vwc' ? 20 : 50);
  const stop = z0.stop ?? (z0.measure === 'vwc' ? 30 : 20);
  if (z0.measure === 'vwc' ? !(stop > start) : !(stop < start)) {
    ctx.addIssue({ code: 'custom', path: ['stop'], input: stop, message: z0.measure === 'vwc' ? `with VWC the wet stop (${stop}) must be above the dry start (${start})` : `with tension the wet stop (${stop}) must be below the dry start (${start})` });
  }
});

const banSchema = strict({ window: windowText, applies_to: z.array(zoneKinds).default([]) });

export const irrigationSchema = strict({
  enabled: z.boolean().default(false),
  evaluate_interval_s: z.number().int().min(5).max(3600).default(60),
  drought: strict({
    schedule: z.array(dateRange({ level: z.enum(DROUGHT_LEVELS as [DroughtLevel, ...DroughtLevel[]]) })).max(100).default([]),
    bans: strict(Object.fromEntries(DROUGHT_LEVELS.map((l) => [l, z.array(banSchema).max(8).optional()])) as Record<DroughtLevel, z.ZodOptional<z.ZodArray<typeof banSchema>>>).prefault({}),
  }).prefault({}),
  flow_faults: strict({
    leak_lpm: z.number().min(0).default(0.5),
    leak_grace_min: z.number().min(0).max(1440).default(10),
    no_flow_lpm: z.number().min(0).default(0.2),
    no_flow_grace_min: z.number().min(0).max(1440).default(5),
  }).prefault({}),
  forecast_max_age_h: z.number().min(1).max(72).default(12).describe('A forecast hint older than this is ignored'),
  zones: z.record(z.string().max(64), zoneSchema).default({}),
});

export const rulesSchema = strict({
  lighting: lightingSchema.prefault({}),
  irrigation: irrigationSchema.prefault({}),
});

export type RulesConfig = z.output<typeof rulesSchema>;
export type LightingConfig = z.output<typeof lightingSchema>;
export type IrrigationConfig = z.output<typeof irrigationSchema>;

export { DEFAULT_BANS };
