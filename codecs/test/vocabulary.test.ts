import { describe, expect, it } from 'vitest';
import { checkValue, listCodecs, measurement, vocabulary } from '../src/index';

describe('measurement vocabulary', () => {
  it('has snake_case names, a description, and a sane range for every number', () => {
    for (const [name, def] of Object.entries(vocabulary)) {
      expect(name).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
      expect(def.description.length).toBeGreaterThan(2);
      if (def.kind === 'number') expect((def as { min: number }).min).toBeLessThan((def as { max: number }).max);
    }
    expect(vocabulary.soil_tension.unit).toBe('kPa');
    expect(vocabulary.flow_rate.unit).toBe('L/min');
  });

  it('checks type and range, naming the quantity, value and allowed range', () => {
    expect(checkValue('battery', 80)).toBeUndefined();
    expect(checkValue('battery', 120)).toBe('battery 120 % is outside the plausible range 0..100 %');
    expect(checkValue('leak', 1)).toBe('leak: expected true or false, got 1');
    expect(checkValue('nope', 1)).toBe('unknown quantity "nope" (not in the vocabulary)');
    expect(measurement('rainfall', 4.6)).toEqual({ quantity: 'rainfall', value: 4.6, unit: 'mm' });
  });

  it('every first-party measurement carries its vocabulary unit', () => {
    const { streetlight, valve } = Object.fromEntries(listCodecs().map((c) => [c.id.replace('ardoise-', ''), c]));
    const status = streetlight!.encodeUplink({ frame: 'status', dim_level_target: 50, dim_level: 50, control_reason: 'sensor', active_power: 30, active_energy: 1, voltage: 230, current: 0.13, power_factor: 0.9, operating_hours: 1, switch_count: 1 });
    const measurements = streetlight!.measurements(streetlight!.decodeUplink({ bytes: status.bytes!, fPort: 1 }), 1);
    expect(measurements.map((m) => m.quantity)).toEqual([
      'dim_level_target', 'dim_level', 'active_power', 'active_energy', 'voltage', 'current', 'power_factor',
      'operating_hours', 'switch_count', 'lamp_failure', 'driver_failure', 'relay_failure', 'day_burner', 'cycling',
    ]);
    for (const m of measurements) expect(m.unit).toBe(vocabulary[m.quantity as keyof typeof vocabulary].unit);
    const open = valve!.decodeUplink({ bytes: [0x11, 0x01, 0x00, 0x00, 0x7d, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x05, 0x50], fPort: 1 });
    expect(valve!.measurements(open, 1)).toContainEqual({ quantity: 'flow_rate', value: 12.5, unit: 'L/min' });
  });
});
