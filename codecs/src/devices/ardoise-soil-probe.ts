import { defineCodec, i16, u8, u16 } from '../kit/index';
import { UPLINK_PORT, setIntervalMinutes } from './common';

/** Soil probe: VWC and/or tensiometer (a sensor not fitted reads as absent). Layout: ardoise-soil-probe.md. */
export const soilProbe = defineCodec({
  id: 'ardoise-soil-probe',
  name: 'Ardoise soil probe',
  description: 'Class A soil probe: volumetric water content, tension (kPa = centibar), temperature, battery.',
  uplinks: [
    {
      type: 1,
      name: 'reading',
      fPort: UPLINK_PORT,
      description: 'periodic reading; 0xFFFF / 0x8000 = sensor not fitted or failed',
      fields: [
        u16('soil_moisture_vwc', { div: 10, absent: 0xffff, quantity: 'soil_moisture_vwc' }),
        u16('soil_tension', { div: 10, absent: 0xffff, quantity: 'soil_tension' }),
        i16('soil_temperature', { div: 10, absent: -0x8000, quantity: 'soil_temperature' }),
        u8('battery', { quantity: 'battery', max: 100 }),
      ],
    },
  ],
  downlinks: [setIntervalMinutes],
});
