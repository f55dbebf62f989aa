import type { DeviceModel } from './types';

/** Park water meter: index in litres, a few hundred litres a day plus irrigation. */
export const waterMeterModel: DeviceModel = {
  type: 'water_meter',
  codec: 'ardoise-water-meter',
  intervalMs: 60 * 60_000,
  create({ rand }) {
    let index = 1_000_000 + Math.round(rand() * 500_000);
    const battery = 90;
    return {
      report(env, elapsedMs) {
        const perHour = env.localHour >= 23 && env.localHour < 23.5 ? 1000 : 15;
        index += Math.round((perHour * elapsedMs) / 3_600_000 * (0.8 + rand() * 0.4));
        return { frame: 'index', water_index: index, leak: false, backflow: false, tamper: false, low_battery: false, dry_run: false, battery };
      },
    };
  },
};
