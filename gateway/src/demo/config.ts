import { DEMO_SITE, deviceModels, demoFleet } from '@ardoise/device-sdk';
import { type Config, validateConfig } from '../config/index';

export const DEMO_DB = 'var/ardoise-demo.db';

/**
 * Demo rules (docs/domain.md): the town centre dims to 50 % from 01:00, residential streets dim at
 * 23:00 and switch off 01:00-05:00 unless someone passes (presence boost), the pedestrian crossing
 * is never-off; two irrigation zones water at night within the default bans.
 */
const DEMO_RULES = {
  lighting: {
    enabled: true,
    profiles: {
      centre: { on_level: 100, steps: [{ at: '01:00', level: 50, fade_min: 30 }] },
      residential: { on_level: 100, steps: [{ at: '23:00', level: 40 }], off_windows: [{ from: '01:00', to: '05:00' }] },
      crossing: { on_level: 100 },
    },
    groups: {
      centre: { profile: 'centre', rated_power_w: 50 },
      residential: { profile: 'residential', rated_power_w: 40, presence: { level: 100, hold_s: 120 } },
      crossing: { profile: 'crossing', never_off_floor: 100, rated_power_w: 60 },
    },
  },
  irrigation: {
    enabled: true,
    zones: { 'zone-1': { kind: 'lawn' }, 'zone-2': { kind: 'flower_bed' }, 'zone-3': { kind: 'green_space' } },
  },
};

/**
 * The embedded demo config (`ardoise run --demo`, `npm start`): an Angers-like site, the virtual
 * fleet of device-sdk, its database under ./var/. Expected report intervals follow --speed so
 * sensor_stale stays meaningful when time is accelerated.
 */
export function demoConfig(baseDir: string, speed: number): Config {
  const devices = demoFleet().map((d) => {
    const model = deviceModels[d.type]!;
    return {
      id: d.id, type: d.type, codec: model.codec, transport: 'virtual' as const,
      report_interval_s: Math.max(1, Math.round(model.intervalMs / speed / 1000)),
      ...(d.group ? { group: d.group } : {}),
    };
  });
  const result = validateConfig({
    site: { id: DEMO_SITE.id, name: DEMO_SITE.name, latitude: DEMO_SITE.latitude, longitude: DEMO_SITE.longitude, timezone: DEMO_SITE.timezone },
    storage: { path: DEMO_DB, max_size: '256MB', retention_days: 30 },
    devices,
    inputs: { demo: { enabled: true, speed } },
    rules: DEMO_RULES,
    api: { bind: '127.0.0.1', port: 8470 },
    health: { check_interval_s: 5 },
  }, { baseDir, env: {} });
  if (!result.ok) throw new Error(`embedded demo config is invalid: ${JSON.stringify(result.problems)}`);
  return result.config;
}
