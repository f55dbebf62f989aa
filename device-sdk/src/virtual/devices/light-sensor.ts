import { clearSkyLux } from '../fleet-env';
import { noise, round } from '../fleet-random';
import type { DeviceModel } from './types';

export const lightSensorModel: DeviceModel = {
  type: 'light_sensor',
  codec: 'ardoise-light-sensor',
  intervalMs: 5 * 60_000,
  create({ rand }) {
    let battery = 80 + Math.round(rand() * 20);
    return {
      report(env) {
        const cloud = env.rainRate > 0 ? 0.3 : 0.8 + noise(rand, 0.2);
        if (rand() < 0.01) battery = Math.max(1, battery - 1);
        return { frame: 'reading', illuminance: round(Math.max(0, clearSkyLux(env.sunAltitude) * cloud), 1), battery };
      },
    };
  },
};
