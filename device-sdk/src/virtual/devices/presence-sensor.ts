import type { DeviceModel } from './types';

/** People per hour on a path: busy evenings, near nobody at 03:00. Counts only, no identifiers. */
function footfall(hour: number): number {
  if (hour < 5) return 2;
  if (hour < 7) return 10;
  if (hour < 17) return 40;
  if (hour < 21) return 80;
  return 20;
}

export const presenceSensorModel: DeviceModel = {
  type: 'presence_sensor',
  codec: 'ardoise-presence-sensor',
  intervalMs: 5 * 60_000,
  create({ rand }) {
    const battery = 70 + Math.round(rand() * 30);
    return {
      report(env, elapsedMs) {
        const expected = (footfall(env.localHour) * elapsedMs) / 3_600_000;
        const count = Math.max(0, Math.round(expected * (0.5 + rand())));
        return {
          frame: 'counts', occupied: count > 0, presence: count > 0 && rand() < 0.5, tamper: false,
          presence_count: Math.min(count, 65_535), interval_s: Math.min(65_535, Math.round(elapsedMs / 1000)), battery,
        };
      },
    };
  },
};
