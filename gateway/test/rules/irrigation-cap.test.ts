/**
 * The daily cap against a class A valve: its downlink is heard only after its next uplink, and
 * that uplink still shows the OLD state. Real RulesRuntime, real SQLite store, SimulatedClock;
 * the transport records what would go on air (the radio cannot run here).
 */
import { join } from 'node:path';
import { SimulatedClock } from '@ardoise/device-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actuation } from '../../src/governor/types';
import { RulesRuntime } from '../../src/rules/runtime';
import { parseScenario } from '../../src/simulate/scenario';
import { openStore } from '../../src/store';
import type { Store } from '../../src/store/types';
import { tempDir } from '../helpers/tmp';
import { angers } from '../simulate/base';

const MIN = 60_000;
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function rig() {
  const tmp = tempDir('ardoise-irrigation-cap-');
  const clock = new SimulatedClock(Date.parse('2026-07-10T21:00:00Z')); // 23:00 in Angers, inside 22:00-06:00
  const cfg = parseScenario(angers({
    rules: {
      lighting: { enabled: false },
      irrigation: { enabled: true, zones: { 'lawn-1': { kind: 'lawn', start: 20, stop: 28, windows: ['22:00-06:00'], max_open_min: 30, max_volume_l: 600, daily_cap_l: 600, area_m2: 200 } } },
    },
  }));
  const store: Store = openStore({ path: join(tmp.dir, 'gw.db'), maxBytes: 64 * 1024 ** 2, retentionDays: 30, synchronous: 'NORMAL', clock });
  const sent: { deviceId: string; action: Actuation; at: number }[] = [];
  const skips: string[] = [];
  const rt = new RulesRuntime({
    clock, site: cfg.site, rules: cfg.rules, devices: cfg.devices, store, clockTrusted: () => true,
    transport: { send: async (deviceId, action) => void sent.push({ deviceId, action, at: clock.now() }) },
    onSkip: (_z, d) => skips.push(d.skip!),
  });
  cleanup = () => {
    rt.stop();
    store.close();
    tmp.cleanup();
  };
  const opens = () => sent.filter((s) => s.deviceId === 'valve-1' && s.action.command === 'open');
  return { clock, rt, sent, skips, opens };
}

describe('irrigation daily cap with a class A valve', () => {
  it('the uplink still showing the old (closed) state does not release the volume held back for the new opening', async () => {
    const { clock, rt, skips, opens } = rig();
    await rt.start();
    await rt.onReading('probe-1', clock.now(), { soil_moisture_vwc: 15 });
    await clock.advanceAsync(MIN);
    expect(opens()).toHaveLength(1);
    expect(opens()[0].action).toEqual({ command: 'open', durationMin: 30, maxVolumeL: 600 });
    // 5 min later the valve's uplink (the one that opens its receive window) predates the downlink: closed, counter 0.
    await clock.advanceAsync(4 * MIN);
    await rt.onReading('valve-1', clock.now(), { valve_open: false, flow_rate: 0, water_volume: 0 });
    // The opening runs 30 min on the device; the soil is still dry (the probe has not reported since).
    await rt.onReading('probe-1', clock.now(), { soil_moisture_vwc: 15 });
    await clock.advanceAsync(30 * MIN);
    // The whole daily cap went into the first opening: no second one while its volume is not counted.
    expect(opens()).toHaveLength(1);
    expect(skips).toContain('daily_cap');
    // The valve then reports closed after its self-close time with the 600 L counted: still no opening.
    await rt.onReading('valve-1', clock.now(), { valve_open: false, flow_rate: 0, water_volume: 600 });
    await clock.advanceAsync(5 * MIN);
    expect(opens()).toHaveLength(1);
  });

  it('an opening that proved it is over (reported open, then closed) is released and counted once', async () => {
    const { clock, rt, opens } = rig();
    await rt.start();
    await rt.onReading('probe-1', clock.now(), { soil_moisture_vwc: 15 });
    await clock.advanceAsync(MIN);
    await rt.onReading('valve-1', clock.now(), { valve_open: true, flow_rate: 18, water_volume: 0 });
    await clock.advanceAsync(10 * MIN);
    // self-closed on volume after 200 L (the device's own limit said so): the cap has 400 L left
    await rt.onReading('valve-1', clock.now(), { valve_open: false, flow_rate: 0, water_volume: 200 });
    await rt.onReading('probe-1', clock.now(), { soil_moisture_vwc: 15 });
    await clock.advanceAsync(25 * MIN);
    expect(opens().map((o) => o.action)).toEqual([
      { command: 'open', durationMin: 30, maxVolumeL: 600 },
      { command: 'open', durationMin: 30, maxVolumeL: 400 },
    ]);
  });
});
