import { noise, round } from '../fleet-random';
import type { DeviceModel } from './types';

/**
 * Lighting profiles of the demo groups (domain.md): `centre` dims to 50 % from 01:00 to 06:00,
 * `residential` switches off from 01:00 to 05:00 (extinction nocturne), `crossing` is never-off.
 */
export function programLevel(group: string | undefined, hour: number, dark: boolean): number {
  if (!dark) return 0;
  if (group === 'crossing') return 100;
  if (group === 'residential') return hour >= 1 && hour < 5 ? 0 : hour >= 23 || hour < 6 ? 40 : 100;
  return hour >= 1 && hour < 6 ? 50 : 100;
}

export const streetlightModel: DeviceModel = {
  type: 'lamp',
  codec: 'ardoise-streetlight',
  intervalMs: 15 * 60_000,
  create({ group, rand }) {
    const ratedW = 40 + Math.round(rand() * 4) * 10;
    let energyWh = Math.round(rand() * 400_000);
    let hours = Math.round(energyWh / ratedW);
    let switches = 2000 + Math.round(rand() * 500);
    let previous = 0;
    return {
      report(env, elapsedMs) {
        const level = programLevel(group, env.localHour, env.sunAltitude < -0.833);
        if ((level > 0) !== (previous > 0)) switches += 1;
        previous = level;
        const power = level === 0 ? 0.4 : ratedW * (0.1 + 0.9 * (level / 100)) + noise(rand, 0.5);
        energyWh += (power * elapsedMs) / 3_600_000;
        if (level > 0) hours += elapsedMs / 3_600_000;
        const voltage = 230 + noise(rand, 3);
        const pf = level === 0 ? 0.5 : 0.95;
        return {
          frame: 'status', dim_level_target: level, dim_level: level, control_reason: 'program',
          active_power: round(power, 1), active_energy: Math.round(energyWh), voltage: round(voltage, 1),
          current: round(power / (voltage * pf), 3), power_factor: pf, operating_hours: Math.round(hours), switch_count: switches,
          lamp_failure: false, driver_failure: false, relay_failure: false, day_burner: false, cycling: false,
        };
      },
    };
  },
};
