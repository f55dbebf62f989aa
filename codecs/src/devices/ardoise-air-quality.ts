import { defineCodec, i16, u8, u16 } from '../kit/index';
import { UPLINK_PORT, setIntervalMinutes } from './common';

/** Air quality station (EU directive pollutants, µg/m³). Layout: ardoise-air-quality.md. */
export const airQuality = defineCodec({
  id: 'ardoise-air-quality',
  name: 'Ardoise air quality station',
  description: 'Mains or solar air quality station: PM2.5, PM10, NO2, O3, temperature, humidity.',
  uplinks: [
    {
      type: 1,
      name: 'reading',
      fPort: UPLINK_PORT,
      description: 'averages over the reporting interval; 0xFFFF / 0x8000 / 0xFF = not measured',
      fields: [
        u16('pm2_5', { div: 10, absent: 0xffff, quantity: 'pm2_5' }),
        u16('pm10', { div: 10, absent: 0xffff, quantity: 'pm10' }),
        u16('no2', { absent: 0xffff, quantity: 'no2' }),
        u16('o3', { absent: 0xffff, quantity: 'o3' }),
        i16('air_temperature', { div: 10, absent: -0x8000, quantity: 'air_temperature' }),
        u8('relative_humidity', { absent: 0xff, quantity: 'relative_humidity' }),
      ],
    },
  ],
  downlinks: [setIntervalMinutes],
});
