import { DEMO_SITE, deviceModels, demoFleet } from '@ardoise/device-sdk';
import { type Config, validateConfig } from '../config/index';

export const DEMO_DB = 'var/ardoise-demo.db';

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
    rules: { lighting: { never_off_groups: ['crossing'] } },
    api: { bind: '127.0.0.1', port: 8470 },
    health: { check_interval_s: 5 },
  }, { baseDir, env: {} });
  if (!result.ok) throw new Error(`embedded demo config is invalid: ${JSON.stringify(result.problems)}`);
  return result.config;
}
