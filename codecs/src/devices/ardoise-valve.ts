import { bits, defineCodec, enumeration, flag, u8, u16, u32 } from '../kit/index';
import { COMMAND_PORT, UPLINK_PORT } from './common';

export const VALVE_FAULTS = ['none', 'no_flow', 'flow_while_closed', 'stuck_open', 'stuck_closed', 'low_pressure', 'motor'] as const;

/**
 * Irrigation valve controller. Every open carries its own end: the device closes by itself after
 * `duration_min` (or `max_volume` litres), since a class A device hears a close command only after
 * its next uplink. Layout: ardoise-valve.md.
 */
export const valve = defineCodec({
  id: 'ardoise-valve',
  name: 'Ardoise valve controller',
  description: 'Battery valve controller with flow meter and device-side self-close.',
  uplinks: [
    {
      type: 1,
      name: 'status',
      fPort: UPLINK_PORT,
      description: 'periodic, and at once on open/close/fault',
      fields: [
        bits('state', 1, { valve_open: flag(0, 'valve_open'), valve_fault: flag(1, 'valve_fault') }),
        enumeration('fault', VALVE_FAULTS),
        u16('flow_rate', { div: 10, quantity: 'flow_rate' }),
        u32('water_volume', { quantity: 'water_volume' }),
        u16('remaining_min', { unit: 'min' }),
        u8('battery', { quantity: 'battery', max: 100 }),
      ],
    },
  ],
  downlinks: [
    {
      type: 1,
      name: 'open',
      fPort: COMMAND_PORT,
      description: 'open now; the device closes by itself after duration_min or max_volume litres (0 = no volume limit)',
      fields: [u16('duration_min', { min: 1, max: 1440, unit: 'min' }), u32('max_volume', { unit: 'L' })],
    },
    { type: 2, name: 'close', fPort: COMMAND_PORT, description: 'close now', fields: [] },
  ],
});
