import { bits, bitsOf, defineCodec, flag, i8, i16, i32, list, scheduleTime, u8, u16, u24, u32, unixTime } from '../kit/index';
import { COMMAND_PORT, CONTROL_REASONS, UPLINK_PORT } from './common';

const level = (name: string, quantity?: string) => u8(name, { min: 0, max: 100, unit: '%', ...(quantity ? { quantity } : {}) });

const failures = bits('failures', 1, {
  lamp_failure: flag(0, 'lamp_failure'),
  driver_failure: flag(1, 'driver_failure'),
  relay_failure: flag(2, 'relay_failure'),
  day_burner: flag(3, 'day_burner'),
  cycling: flag(4, 'cycling'),
  clock_invalid: flag(5),
});

/** Streetlight controller (TALQ LampActuator/LampMonitor, uCIFI 3416). Layout: ardoise-streetlight.md. */
export const streetlight = defineCodec({
  id: 'ardoise-streetlight',
  name: 'Ardoise streetlight controller',
  description: 'Class C outdoor lamp controller: dimming, metering, failures, profiles, overrides.',
  uplinks: [
    {
      type: 1,
      name: 'status',
      fPort: UPLINK_PORT,
      description: 'periodic state and metering',
      fields: [
        level('dim_level_target', 'dim_level_target'),
        level('dim_level', 'dim_level'),
        bits('control', 1, { control_reason: bitsOf(0, 2, CONTROL_REASONS) }),
        u16('active_power', { div: 10, quantity: 'active_power' }),
        u32('active_energy', { quantity: 'active_energy' }),
        u16('voltage', { div: 10, quantity: 'voltage' }),
        u16('current', { div: 1000, quantity: 'current' }),
        u8('power_factor', { div: 100, max: 1, quantity: 'power_factor' }),
        u24('operating_hours', { quantity: 'operating_hours' }),
        u24('switch_count', { quantity: 'switch_count' }),
        failures,
      ],
      extensions: { 0x01: i8('driver_temperature', { absent: -128, quantity: 'driver_temperature' }) },
    },
    {
      type: 2,
      name: 'alarm',
      fPort: UPLINK_PORT,
      description: 'sent at once when a failure flag changes',
      fields: [failures, level('dim_level', 'dim_level'), u16('active_power', { div: 10, quantity: 'active_power' })],
    },
    {
      type: 3,
      name: 'config',
      fPort: UPLINK_PORT,
      description: 'after boot and after each configuration command',
      fields: [
        u8('firmware_major'),
        u8('firmware_minor'),
        level('default_level', 'default_level'),
        u8('profile_id'),
        unixTime('device_time'),
        u16('override_remaining_min', { unit: 'min' }),
      ],
    },
  ],
  downlinks: [
    { type: 1, name: 'set_level', fPort: COMMAND_PORT, description: 'dim now, until the program takes over', fields: [level('level')] },
    {
      type: 2,
      name: 'override',
      fPort: COMMAND_PORT,
      description: 'timed override: hold level for duration_min, then fall back to the program',
      fields: [level('level'), u16('duration_min', { min: 1, max: 10_080, unit: 'min' })],
    },
    { type: 3, name: 'set_default_level', fPort: COMMAND_PORT, description: 'fail-safe level (TALQ defaultLightState)', fields: [level('level')] },
    {
      type: 4,
      name: 'profile',
      fPort: COMMAND_PORT,
      description: 'daily dimming profile run by the device itself: from each step ("HH:MM" or sunset/sunrise ± minutes), hold its level until the next step',
      fields: [u8('profile_id'), list('steps', [scheduleTime('at'), level('level')], { min: 1, max: 24 })],
    },
    {
      type: 5,
      name: 'clock_sync',
      fPort: COMMAND_PORT,
      description: 'set the device clock (UTC) and its local offset',
      fields: [unixTime('time'), i16('utc_offset_min', { min: -720, max: 840, unit: 'min' })],
    },
    { type: 6, name: 'request_status', fPort: COMMAND_PORT, description: 'ask for a status frame now', fields: [] },
    {
      type: 7,
      name: 'set_location',
      fPort: COMMAND_PORT,
      description: 'site position for the device-side astronomical clock (sunset/sunrise profile steps)',
      fields: [
        i32('latitude', { div: 1_000_000, min: -90, max: 90, unit: '°' }),
        i32('longitude', { div: 1_000_000, min: -180, max: 180, unit: '°' }),
      ],
    },
  ],
});
