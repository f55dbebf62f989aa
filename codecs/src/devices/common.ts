import { type FrameSpec, u16 } from '../kit/index';

/** fPorts shared by every first-party layout: uplink frames on 1, commands on 2. */
export const UPLINK_PORT = 1;
export const COMMAND_PORT = 2;

/** TALQ command reasons, in the order of their 2-bit code. */
export const CONTROL_REASONS = ['default', 'program', 'sensor', 'override'] as const;

/** The `set_interval` command (type 1) of battery sensors: reporting interval in minutes, 1..1440. */
export const setIntervalMinutes: FrameSpec = {
  type: 1,
  name: 'set_interval',
  fPort: COMMAND_PORT,
  description: 'reporting interval',
  fields: [u16('interval_min', { min: 1, max: 1440, unit: 'min' })],
};
