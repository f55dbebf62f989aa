import { bits, defineCodec, flag, u8, u32 } from '../kit/index';
import { COMMAND_PORT, UPLINK_PORT } from './common';

const alarms = bits('alarms', 1, {
  leak: flag(0, 'leak'),
  backflow: flag(1, 'backflow'),
  tamper: flag(2, 'tamper'),
  low_battery: flag(3),
  dry_run: flag(4),
});

/** Water meter: index in litres and alarms. Layout: ardoise-water-meter.md. */
export const waterMeter = defineCodec({
  id: 'ardoise-water-meter',
  name: 'Ardoise water meter',
  description: 'Water meter radio module: index (L), leak/backflow/tamper alarms, battery.',
  uplinks: [
    {
      type: 1,
      name: 'index',
      fPort: UPLINK_PORT,
      description: 'periodic index',
      fields: [u32('water_index', { quantity: 'water_index' }), alarms, u8('battery', { quantity: 'battery', max: 100 })],
    },
    {
      type: 2,
      name: 'alarm',
      fPort: UPLINK_PORT,
      description: 'sent at once when an alarm is raised or cleared',
      fields: [alarms, u32('water_index', { quantity: 'water_index' })],
    },
  ],
  downlinks: [
    { type: 1, name: 'clear_alarms', fPort: COMMAND_PORT, description: 'acknowledge and clear latched alarms', fields: [] },
  ],
});
