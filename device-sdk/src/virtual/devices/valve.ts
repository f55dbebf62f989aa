import { noise, round } from '../fleet-random';
import type { DeviceModel } from './types';

/** A demo valve waters 30 min from 23:00 local time (inside the night window), closed otherwise. */
export const valveModel: DeviceModel = {
  type: 'valve',
  codec: 'ardoise-valve',
  intervalMs: 60 * 60_000,
  create({ rand }) {
    let volume = Math.round(rand() * 50_000);
    let battery = 60 + Math.round(rand() * 40);
    return {
      report(env, elapsedMs) {
        const open = env.localHour >= 23 && env.localHour < 23.5;
        const flow = open ? 18 + noise(rand, 1) : 0;
        volume += open ? Math.round((flow * elapsedMs) / 60_000) : 0;
        if (rand() < 0.01) battery = Math.max(1, battery - 1);
        return {
          frame: 'status', valve_open: open, valve_fault: false, fault: 'none', flow_rate: round(flow, 1),
          water_volume: volume, remaining_min: open ? Math.round((23.5 - env.localHour) * 60) : 0, battery,
        };
      },
    };
  },
};
