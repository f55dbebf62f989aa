import type { Data } from '../kit/index';
import { defineCodec, u8, u16 } from '../kit/index';
import { UPLINK_PORT, setIntervalMinutes } from './common';

/** Rainfall = tips × resolution, in mm, rounded to 0.01 mm (the resolution's own step). */
function rainfall(data: Data): void {
  const tips = data.rain_tips as number;
  const resolution = data.resolution_mm as number;
  data.rainfall = Math.round(tips * resolution * 100) / 100;
}

/** Tipping-bucket rain gauge: bucket tips over an interval, turned into mm. Layout: ardoise-rain-gauge.md. */
export const rainGauge = defineCodec({
  id: 'ardoise-rain-gauge',
  name: 'Ardoise rain gauge',
  description: 'Tipping-bucket rain gauge reporting tips per interval and its bucket resolution.',
  uplinks: [
    {
      type: 1,
      name: 'rain',
      fPort: UPLINK_PORT,
      description: 'tips counted over the last interval_min minutes',
      fields: [
        u16('rain_tips', { quantity: 'rain_tips' }),
        u16('interval_min', { min: 1, unit: 'min' }),
        u8('resolution_mm', { div: 100, min: 0.01, unit: 'mm' }),
        u8('battery', { quantity: 'battery', max: 100 }),
      ],
      derive: rainfall,
      derived: [{ key: 'rainfall', quantity: 'rainfall' }],
    },
  ],
  downlinks: [setIntervalMinutes],
});
