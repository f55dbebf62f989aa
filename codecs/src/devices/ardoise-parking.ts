import { bits, defineCodec, flag, u8, u16 } from '../kit/index';
import { COMMAND_PORT, UPLINK_PORT } from './common';

/** In-ground parking space sensor. Layout: ardoise-parking.md. */
export const parkingSensor = defineCodec({
  id: 'ardoise-parking',
  name: 'Ardoise parking sensor',
  description: 'Magnetometer/radar parking space sensor: occupancy on change, heartbeat.',
  uplinks: [
    {
      type: 1,
      name: 'occupancy',
      fPort: UPLINK_PORT,
      description: 'on each change of occupancy, and as a heartbeat',
      fields: [
        bits('state', 1, { occupied: flag(0, 'occupied'), heartbeat: flag(1), sensor_fault: flag(2) }),
        u16('since_min', { unit: 'min' }),
        u8('battery', { quantity: 'battery', max: 100 }),
      ],
    },
  ],
  downlinks: [
    { type: 1, name: 'recalibrate', fPort: COMMAND_PORT, description: 'take the current field as the empty reference', fields: [] },
  ],
});
