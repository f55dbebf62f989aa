import { bits, defineCodec, flag, u8, u16 } from '../kit/index';
import { COMMAND_PORT, UPLINK_PORT } from './common';

/**
 * Presence sensor: counts and occupancy per interval only (GDPR: no identifiers of people).
 * Layout: ardoise-presence-sensor.md.
 */
export const presenceSensor = defineCodec({
  id: 'ardoise-presence-sensor',
  name: 'Ardoise presence sensor',
  description: 'PIR/radar presence sensor: detections over the interval and current occupancy.',
  uplinks: [
    {
      type: 1,
      name: 'counts',
      fPort: UPLINK_PORT,
      description: 'periodic counts, and at once on a change of occupancy',
      fields: [
        bits('state', 1, { occupied: flag(0, 'occupied'), presence: flag(1, 'presence'), tamper: flag(2, 'tamper') }),
        u16('presence_count', { quantity: 'presence_count' }),
        u16('interval_s', { unit: 's' }),
        u8('battery', { quantity: 'battery', absent: 255 }),
      ],
    },
  ],
  downlinks: [
    {
      type: 1,
      name: 'configure',
      fPort: COMMAND_PORT,
      description: 'reporting interval and occupancy hold time',
      fields: [u16('interval_s', { min: 10, unit: 's' }), u16('hold_s', { min: 1, max: 3600, unit: 's' })],
    },
  ],
});
