import { defineCodec, u8, u16, u24 } from '../kit/index';
import { COMMAND_PORT, UPLINK_PORT } from './common';

/** Ambient light sensor (drives lighting when the astronomical clock is not enough). Layout: ardoise-light-sensor.md. */
export const lightSensor = defineCodec({
  id: 'ardoise-light-sensor',
  name: 'Ardoise light sensor',
  description: 'Battery ambient light sensor (0..167,772 lx, 0.1 lx resolution).',
  uplinks: [
    {
      type: 1,
      name: 'reading',
      fPort: UPLINK_PORT,
      description: 'periodic reading',
      fields: [u24('illuminance', { div: 10, quantity: 'illuminance' }), u8('battery', { quantity: 'battery', max: 100 })],
    },
  ],
  downlinks: [
    {
      type: 1,
      name: 'set_interval',
      fPort: COMMAND_PORT,
      description: 'reporting interval',
      fields: [u16('interval_s', { min: 30, unit: 's' })],
    },
  ],
});
