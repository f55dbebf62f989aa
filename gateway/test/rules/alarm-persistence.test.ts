/**
 * Rule alarms across a restart: an alarm raised before is not raised twice, and is cleared after.
 * Real RulesRuntime and SQLite store (state KV), SimulatedClock; the transport records downlinks.
 */
import { join } from 'node:path';
import { SimulatedClock } from '@ardoise/device-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlarmMemory } from '../../src/rules/alarm-latch';
import { DEFAULT_FLOW_FAULTS, type FlowAlarm, FlowFaults } from '../../src/rules/irrigation/flow-faults';
import { RulesRuntime } from '../../src/rules/runtime';
import { parseScenario } from '../../src/simulate/scenario';
import { openStore } from '../../src/store';
import { tempDir } from '../helpers/tmp';
import { angers } from '../simulate/base';

let tmp: ReturnType<typeof tempDir> | undefined;
afterEach(() => tmp?.cleanup());

describe('rule alarms survive a restart', () => {
  it('a lamp failure raised before a restart is not raised again, and is cleared when the lamp draws power again', async () => {
    tmp = tempDir('ardoise-alarms-');
    const clock = new SimulatedClock(Date.parse('2026-12-21T20:00:00Z')); // 21:00 in Angers: lamps on
    const cfg = parseScenario(angers({ rules: { irrigation: { enabled: false } } }));
    const store = openStore({ path: join(tmp.dir, 'gw.db'), maxBytes: 64 * 1024 ** 2, retentionDays: 30, synchronous: 'NORMAL', clock });
    const runtime = () => new RulesRuntime({ clock, site: cfg.site, rules: cfg.rules, devices: cfg.devices, store, clockTrusted: () => true, transport: { send: async () => {}, multicast: async () => {} } });
    const events = () => store.eventsAfter(0, 100).filter((e) => e.deviceId === 'lamp-d1').map((e) => e.type);
    try {
      let rt = runtime();
      await rt.start();
      for (let i = 0; i < 3; i++) {
        clock.advance(15 * 60_000);
        await rt.onReading('lamp-d1', clock.now(), { dim_level: 100, active_power: 0.4 });
      }
      expect(events()).toEqual(['lighting.lamp_failure']);
      rt.stop();

      rt = runtime();
      await rt.start();
      clock.advance(15 * 60_000);
      await rt.onReading('lamp-d1', clock.now(), { dim_level: 100, active_power: 0.4 });
      expect(events()).toEqual(['lighting.lamp_failure']);
      clock.advance(15 * 60_000);
      await rt.onReading('lamp-d1', clock.now(), { dim_level: 100, active_power: 58 });
      expect(events()).toEqual(['lighting.lamp_failure', 'lighting.lamp_failure.cleared']);
      rt.stop();
    } finally {
      store.close();
    }
  });

  it('a leak raised before a restart stays raised while water still flows, and is cleared when it stops', () => {
    const saved = new Map<string, string[]>();
    const memory: AlarmMemory = { load: (id) => saved.get(id) ?? [], save: (id, active) => void saved.set(id, active) };
    const alarms: FlowAlarm[] = [];
    const T = Date.parse('2026-07-10T10:00:00Z');
    const before = new FlowFaults(DEFAULT_FLOW_FAULTS, (a) => alarms.push(a), memory);
    before.observe('meter-1', T, 12, false);
    before.observe('meter-1', T + 60 * 60_000, 12, false);
    expect(alarms.map((a) => [a.type, a.active])).toEqual([['irrigation.leak', true]]);
    const after = new FlowFaults(DEFAULT_FLOW_FAULTS, (a) => alarms.push(a), memory);
    after.observe('meter-1', T + 70 * 60_000, 12, false);
    expect(alarms).toHaveLength(1);
    after.observe('meter-1', T + 80 * 60_000, 0, false);
    expect(alarms.map((a) => [a.type, a.active])).toEqual([['irrigation.leak', true], ['irrigation.leak', false]]);
  });
});
