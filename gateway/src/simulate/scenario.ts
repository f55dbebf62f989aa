import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { deviceSchema, healthSchema, siteSchema } from '../config/schema';
import { rulesSchema } from '../rules/config';
import { DROUGHT_LEVELS, type DroughtLevel } from '../rules/irrigation/types';

/**
 * `ardoise simulate --config FILE`: the agent's site, devices and rules, plus an optional
 * `simulation` section describing the world (weather, faults, remote actions, clock and link).
 */
const iso = z.string().refine((s) => Number.isFinite(Date.parse(s)), 'expected an ISO 8601 date-time such as "2026-12-21T12:00:00Z"').transform((s) => Date.parse(s));
const span = z.strictObject({ from: iso, to: iso });

export const simulationSchema = z.strictObject({
  seed: z.number().int().default(1),
  store_readings: z.boolean().default(true).describe('Commit every simulated reading to SQLite before the rules see it (the agent does); off for very large runs'),
  step_s: z.number().int().min(10).max(900).default(60).describe('Simulation step (device report granularity)'),
  lamp_report_min: z.number().int().min(1).max(1440).default(15),
  sensor_report_min: z.number().int().min(1).max(1440).default(15),
  probe_report_min: z.number().int().min(1).max(1440).default(30),
  valve_report_min: z.number().int().min(1).max(1440).default(15),
  soil: z.strictObject({
    initial_vwc: z.number().min(0).max(60).default(22),
    dry_per_day: z.number().min(0).max(20).default(3),
  }).prefault({}),
  valve_flow_lpm: z.number().positive().max(1000).default(18),
  valve_class: z.enum(['A', 'C']).default('C').describe('A: a valve hears a downlink only after its next uplink, which still shows the old state; C: at once'),
  rain: z.array(z.strictObject({ from: iso, to: iso, mm_per_h: z.number().min(0).max(200) })).default([]),
  faults: z.array(z.strictObject({ device: z.string(), kind: z.enum(['dies', 'stuck_open', 'lamp_dead']), at: iso })).default([]),
  clock_untrusted: z.array(span).default([]),
  link_down: z.array(span).default([]),
  overrides: z.array(z.strictObject({ at: iso, target: z.string(), level: z.number().int().min(0).max(100), duration_min: z.number().int().min(1), source: z.string().default('hypervisor') })).default([]),
  drought: z.array(z.strictObject({ at: iso, level: z.enum(DROUGHT_LEVELS as [DroughtLevel, ...DroughtLevel[]]), until: iso.optional() })).default([]),
  presence: z.array(z.strictObject({ at: iso, device: z.string() })).default([]),
  restart_at: z.array(iso).default([]).describe('Restart the rules (new governor, state reloaded from the store) at these instants'),
});

export const simulateConfigSchema = z.object({
  site: siteSchema,
  devices: z.array(deviceSchema).max(100_000).default([]),
  rules: rulesSchema.prefault({}),
  /** The agent's own health settings (stale_factor, check interval…), as in the agent config. */
  health: healthSchema.default(healthSchema.parse({})),
  simulation: simulationSchema.prefault({}),
}).loose();

export type SimulateConfig = z.output<typeof simulateConfigSchema>;

export class ScenarioError extends Error {}

export function parseScenario(data: unknown, where = 'config'): SimulateConfig {
  const r = simulateConfigSchema.safeParse(data);
  if (r.success) return r.data;
  const lines = r.error.issues.slice(0, 20).map((i) => `${where}: ${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new ScenarioError(lines.join('\n'));
}

export function loadScenario(file: string): SimulateConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ScenarioError(`${file}: cannot read (${(e as Error).message})`);
  }
  if (text.length > 4 * 1024 * 1024) throw new ScenarioError(`${file}: ${text.length} bytes; allowed: at most 4 MiB`);
  let data: unknown;
  try {
    data = parse(text);
  } catch (e) {
    throw new ScenarioError(`${file}: not valid YAML (${(e as Error).message})`);
  }
  return parseScenario(data, file);
}
