import { join } from 'node:path';
import { runSimulation } from '../../src/simulate/run';
import { parseScenario } from '../../src/simulate/scenario';
import { tempDir } from '../helpers/tmp';

/** A small Angers site: two lamp groups (district, crossing never-off), one lawn zone. */
export function angers(extra: { simulation?: Record<string, unknown>; rules?: Record<string, unknown>; devices?: Record<string, unknown>[] } = {}) {
  return {
    site: { id: 'angers-test', latitude: 47.4784, longitude: -0.5632, timezone: 'Europe/Paris' },
    devices: [
      { id: 'lamp-d1', type: 'lamp', group: 'district' },
      { id: 'lamp-d2', type: 'lamp', group: 'district' },
      { id: 'lamp-x1', type: 'lamp', group: 'crossing' },
      { id: 'probe-1', type: 'soil_probe', group: 'lawn-1' },
      { id: 'valve-1', type: 'valve', group: 'lawn-1' },
      { id: 'rain-1', type: 'rain_gauge' },
      ...(extra.devices ?? []),
    ],
    rules: {
      lighting: {
        enabled: true,
        profiles: {
          district: { steps: [{ at: '23:00', level: 40 }, { at: '06:00', level: 100 }] },
          residential: { on_level: 80, off_windows: [{ from: '01:00', to: '05:00' }] },
        },
        groups: {
          district: { profile: 'district', rated_power_w: 60 },
          crossing: { profile: 'residential', never_off_floor: 30, rated_power_w: 40 },
        },
      },
      irrigation: {
        enabled: true,
        zones: { 'lawn-1': { kind: 'lawn', start: 20, stop: 28, windows: ['22:00-06:00'], max_open_min: 30, max_volume_l: 600, daily_cap_l: 2000, area_m2: 200 } },
      },
      ...extra.rules,
    },
    simulation: { soil: { initial_vwc: 19, dry_per_day: 3 }, ...extra.simulation },
  };
}

export async function simulate(data: unknown, from: string, to: string) {
  const tmp = tempDir('ardoise-sim-');
  try {
    return await runSimulation(parseScenario(data), Date.parse(from), Date.parse(to), join(tmp.dir, 'sim.db'));
  } finally {
    tmp.cleanup();
  }
}
