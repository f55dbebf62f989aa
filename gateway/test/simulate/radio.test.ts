import { describe, expect, it } from 'vitest';
import type { Data } from '@ardoise/codecs';
import { SimRadio } from '../../src/simulate/radio';
import { ScenarioError } from '../../src/simulate/scenario';
import { angers, simulate } from './base';

const fleet = [
  { id: 'lamp-1', type: 'lamp' },
  { id: 'lamp-2', type: 'lamp' },
  { id: 'valve-1', type: 'valve' },
  { id: 'rain-1', type: 'rain_gauge' },
];

function radio(devices: { id: string; type: string; codec?: string }[] = fleet) {
  const heard: [string, Data][] = [];
  return { radio: new SimRadio(devices, (id, cmd) => heard.push([id, cmd])), heard };
}

describe('simulate: every frame crosses the devices codecs', () => {
  it('uplink: the device-side frame becomes bytes and comes back as the codec measurements (derived ones included)', () => {
    const { radio: r } = radio();
    const m = r.uplink('rain-1', { frame: 'rain', rain_tips: 3, interval_min: 15, resolution_mm: 0.2, battery: 90 });
    expect(m).toMatchObject({ rain_tips: 3, rainfall: 0.6, battery: 90 });
    expect(r.counts.uplinks).toBe(1);
  });

  it('downlink: the governor action is encoded by the device codec and the device hears what its codec decodes', async () => {
    const { radio: r, heard } = radio();
    await r.transport.send('valve-1', { command: 'open', durationMin: 30, maxVolumeL: 600 });
    await r.transport.multicast!('district', ['lamp-1', 'lamp-2'], { command: 'override', level: 40, durationMin: 90 });
    expect(heard).toEqual([
      ['valve-1', { command: 'open', duration_min: 30, max_volume: 600 }],
      ['lamp-1', { command: 'override', level: 40, duration_min: 90 }],
      ['lamp-2', { command: 'override', level: 40, duration_min: 90 }],
    ]);
    expect(r.counts).toMatchObject({ downlinks: 3, multicasts: 1 });
  });

  it('a command the device codec cannot encode is rejected naming the codec and the command; the device hears nothing', async () => {
    const { radio: r, heard } = radio([{ id: 'lamp-1', type: 'lamp', codec: 'ardoise-valve' }]);
    await expect(r.transport.send('lamp-1', { command: 'set_level', level: 50 })).rejects.toThrow(/ardoise-valve.*set_level/);
    expect(heard).toEqual([]);
  });

  it('a device naming a codec that is not first-party is a scenario error naming the device', () => {
    expect(() => radio([{ id: 'lamp-9', type: 'lamp', codec: 'vendor/odd.js' }])).toThrow(ScenarioError);
    expect(() => radio([{ id: 'lamp-9', type: 'lamp', codec: 'vendor/odd.js' }])).toThrow(/lamp-9.*vendor\/odd\.js/);
  });

  it('in a run: every reading went through a codec; a lamp configured with the wrong codec gets its commands failed, as on a real site', async () => {
    const base = angers({ rules: { irrigation: { enabled: false } } });
    base.devices = base.devices.map((d) => (d.id === 'lamp-x1' ? { ...d, codec: 'ardoise-valve' } : d));
    const r = await simulate(base, '2026-12-21T15:00:00Z', '2026-12-21T19:00:00Z');
    expect(r.radio.uplinks).toBe(r.readings);
    expect(r.radio.downlinks).toBeGreaterThan(0);
    expect(r.commands.byOutcome.failed).toBeGreaterThanOrEqual(1);
  });

  it('a presence detection by a presence sensor is its codec frame: it boosts its group only when the gateway can decode it', async () => {
    const night = async (codec?: string) => {
      const pir = { id: 'pir-1', type: 'presence_sensor', group: 'district', ...(codec ? { codec } : {}) };
      const base = angers({ rules: { irrigation: { enabled: false } }, devices: [pir], simulation: { presence: [{ at: '2026-12-22T02:00:00Z', device: 'pir-1' }] } });
      (base.rules.lighting as { groups: Record<string, unknown> }).groups.district = { profile: 'district', rated_power_w: 60, presence: { level: 100, hold_s: 120, fade_s: 30 } };
      return simulate(base, '2026-12-22T01:00:00Z', '2026-12-22T03:00:00Z');
    };
    const ok = await night();
    expect(ok.radio.uplinks).toBe(ok.readings);
    expect(ok.commands.byReason.sensor).toBeGreaterThanOrEqual(1);
    const wrong = await night('ardoise-streetlight');
    expect(wrong.radio.uplinksRejected).toBeGreaterThanOrEqual(1);
    expect(wrong.commands.byReason.sensor).toBeUndefined();
  });

  it('an uplink the configured codec cannot decode is rejected with the codec errors and the payload, no measurements', () => {
    const rejected: unknown[] = [];
    const r = new SimRadio([{ id: 'valve-9', type: 'valve', codec: 'ardoise-streetlight' }], () => {}, (x) => rejected.push(x));
    const m = r.uplink('valve-9', { frame: 'status', valve_open: false, valve_fault: false, flow_rate: 0, water_volume: 5, remaining_min: 0, battery: 90, fault: 'none' });
    expect(m).toBeUndefined();
    expect(rejected).toEqual([expect.objectContaining({ deviceId: 'valve-9', codec: 'ardoise-streetlight', fPort: 1, errors: [expect.any(String)] })]);
    expect(r.counts).toMatchObject({ uplinks: 0, uplinksRejected: 1 });
  });

  it('a device firmware ignores a downlink it cannot decode', async () => {
    const { radio: r, heard } = radio([{ id: 'valve-9', type: 'valve', codec: 'ardoise-streetlight' }]);
    await r.transport.send('valve-9', { command: 'set_level', level: 50 }); // encoded for a lamp, heard by a valve
    expect(heard).toEqual([]);
    expect(r.counts.downlinksIgnored).toBe(1);
  });
});
