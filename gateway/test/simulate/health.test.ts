import { describe, expect, it } from 'vitest';
import { angers, simulate } from './base';

/** Mode changes come from the agent's HealthMonitor, driven by what happens in the simulated world. */
const quiet = (simulation: Record<string, unknown>) => angers({ simulation, rules: { lighting: { enabled: false }, irrigation: { enabled: false } } });
const at = (modes: { at: string; mode: string }[], mode: string) => modes.find((m) => m.mode === mode)?.at;

describe('simulate: health modes from the agent state machine', () => {
  it('a probe dying: sensor_stale by itself after stale_factor × its report_interval_s, the device named in the alarm', async () => {
    const data = quiet({ faults: [{ device: 'probe-1', kind: 'dies', at: '2026-07-10T13:00:00Z' }] });
    data.devices = data.devices.map((d) => (d.id === 'probe-1' ? { ...d, report_interval_s: 1800 } : d));
    const r = await simulate(data, '2026-07-10T12:00:00Z', '2026-07-10T16:00:00Z');
    expect(r.modes.map((m) => m.mode)).toEqual(['online', 'sensor_stale']);
    const stale = r.alarms.filter((a) => a.type === 'health.sensor_stale');
    expect(stale.map((a) => a.deviceId)).toEqual(['probe-1']);
    // last report before 13:00, stale 2.5 × 30 min later: between 14:15 and 15:15
    const since = Date.parse(at(r.modes, 'sensor_stale')!);
    expect(since).toBeGreaterThan(Date.parse('2026-07-10T14:00:00Z'));
    expect(since).toBeLessThanOrEqual(Date.parse('2026-07-10T15:15:00Z'));
  });

  it('healthy devices of every simulated type never turn stale: a quiet day stays online', async () => {
    const data = quiet({});
    data.devices.push({ id: 'pir-1', type: 'presence_sensor', group: 'district' }, { id: 'lux-1', type: 'light_sensor' }, { id: 'meteo-1', type: 'weather_station' });
    const r = await simulate(data, '2026-07-10T00:00:00Z', '2026-07-11T00:00:00Z');
    expect(r.modes.map((m) => m.mode)).toEqual(['online']);
    expect(r.alarms.filter((a) => a.type.startsWith('health.'))).toEqual([]);
  });

  it('boot with the clock behind the persisted last good time: clock_untrusted (alarm), then online when the time is confirmed', async () => {
    const r = await simulate(quiet({ clock_untrusted: [{ from: '2026-07-10T12:00:00Z', to: '2026-07-10T13:00:00Z' }] }), '2026-07-10T12:00:00Z', '2026-07-10T14:00:00Z');
    expect(r.modes).toEqual([{ at: '2026-07-10T12:00:00.000Z', mode: 'clock_untrusted' }, { at: '2026-07-10T13:00:00.000Z', mode: 'online' }]);
    expect(r.alarms.map((a) => a.type)).toContain('health.clock_untrusted');
  });

  it('a reboot mid-run with a lost clock, and a link outage: each mode in turn, back online at the end', async () => {
    const r = await simulate(quiet({
      clock_untrusted: [{ from: '2026-07-10T13:00:00Z', to: '2026-07-10T13:30:00Z' }],
      link_down: [{ from: '2026-07-10T14:00:00Z', to: '2026-07-10T15:00:00Z' }],
    }), '2026-07-10T12:00:00Z', '2026-07-10T16:00:00Z');
    expect(r.modes.map((m) => `${m.at.slice(11, 16)} ${m.mode}`)).toEqual(['12:00 online', '13:00 clock_untrusted', '13:30 online', '14:00 upstream_lost', '15:00 online']);
  });
});
