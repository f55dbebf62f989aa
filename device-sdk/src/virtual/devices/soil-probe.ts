import { noise, round } from '../fleet-random';
import type { DeviceModel } from './types';

/** Soil dries with heat and daylight, wets with rain; tension follows moisture (clay-loam curve). */
export const soilProbeModel: DeviceModel = {
  type: 'soil_probe',
  codec: 'ardoise-soil-probe',
  intervalMs: 30 * 60_000,
  create({ rand }) {
    let vwc = 22 + rand() * 10;
    let battery = 70 + Math.round(rand() * 30);
    return {
      report(env, elapsedMs) {
        const hours = elapsedMs / 3_600_000;
        const drying = (env.sunAltitude > 0 ? 0.12 : 0.02) * (1 + Math.max(0, env.airTemperature - 15) / 10);
        vwc = Math.min(45, Math.max(8, vwc - drying * hours + env.rainRate * hours * 0.8));
        if (rand() < 0.005) battery = Math.max(1, battery - 1);
        const tension = Math.min(200, Math.max(5, 10 * Math.exp((35 - vwc) / 7)));
        return {
          frame: 'reading', soil_moisture_vwc: round(vwc, 1), soil_tension: round(tension + noise(rand, 1), 1),
          soil_temperature: round(env.airTemperature - 3 + noise(rand, 0.3), 1), battery,
        };
      },
    };
  },
};
