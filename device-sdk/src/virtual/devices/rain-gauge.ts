import type { DeviceModel } from './types';

/** Tipping bucket, 0.2 mm per tip; reports the tips of the last interval. */
export const rainGaugeModel: DeviceModel = {
  type: 'rain_gauge',
  codec: 'ardoise-rain-gauge',
  intervalMs: 15 * 60_000,
  create({ rand }) {
    let carry = 0;
    const battery = 85 + Math.round(rand() * 15);
    return {
      report(env, elapsedMs) {
        const mm = carry + (env.rainRate * elapsedMs) / 3_600_000;
        const tips = Math.floor(mm / 0.2);
        carry = mm - tips * 0.2;
        return { frame: 'rain', rain_tips: Math.min(tips, 65_535), interval_min: Math.max(1, Math.round(elapsedMs / 60_000)), resolution_mm: 0.2, battery };
      },
    };
  },
};
