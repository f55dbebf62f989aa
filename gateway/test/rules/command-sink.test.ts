import { join } from 'node:path';
import { SimulatedClock } from '@ardoise/device-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import type { DownstreamMessage } from '../../src/downstream/message';
import type { Actuation } from '../../src/governor/types';
import { RulesCommandSink } from '../../src/rules/command-sink';
import { RulesRuntime } from '../../src/rules/runtime';
import { parseScenario } from '../../src/simulate/scenario';
import { openStore } from '../../src/store';
import { tempDir } from '../helpers/tmp';
import { angers } from '../simulate/base';

let cleanup: () => void = () => {};
afterEach(() => cleanup());

async function rig() {
  const tmp = tempDir('ardoise-sink-');
  const clock = new SimulatedClock(Date.parse('2026-12-21T20:00:00Z'));
  const store = openStore({ path: join(tmp.dir, 'gw.db'), maxBytes: 64 * 1024 ** 2, retentionDays: 30, synchronous: 'NORMAL', clock });
  const cfg = parseScenario(angers());
  const sent: { deviceId: string; action: Actuation }[] = [];
  const rules = new RulesRuntime({ clock, site: cfg.site, rules: cfg.rules, devices: cfg.devices, store, clockTrusted: () => true, transport: { send: async (deviceId, action) => void sent.push({ deviceId, action }) } });
  await rules.start();
  const passed: DownstreamMessage[] = [];
  const sink = new RulesCommandSink(rules, clock, { submit: (m) => (passed.push(m), { status: 'accepted' }) });
  cleanup = () => (rules.stop(), store.close(), tmp.cleanup());
  sent.length = 0;
  return { clock, rules, sink, sent, passed };
}
const msg = (body: Record<string, unknown>): DownstreamMessage => ({ kind: 'commands', id: 'm1', gatewayId: 'angers-test', expiresAt: Date.parse('2026-12-22T00:00:00Z'), body: { params: {}, ...body } as never });

describe('RulesCommandSink', () => {
  it('a group override becomes rule state: sent as timed overrides, kept by the program evaluation, cleared on request', async () => {
    const { sink, sent, clock } = await rig();
    await clock.advanceAsync(60_000); // past the governor's per-device rate limit after the boot assertion
    expect(await sink.submit(msg({ group: 'district', command: 'override', params: { level: 70, duration_min: 120 } }))).toMatchObject({ status: 'accepted' });
    expect(sent.map((s) => s.action)).toEqual([{ command: 'override', level: 70, durationMin: 120 }, { command: 'override', level: 70, durationMin: 120 }]);
    await clock.advanceAsync(30 * 60_000);
    expect(sent).toHaveLength(2); // the program did not overwrite it
    await sink.submit(msg({ group: 'district', command: 'clear_override' }));
    expect(sent.slice(2).map((s) => s.action)).toEqual([{ command: 'set_level', level: 100 }, { command: 'set_level', level: 100 }]);
  });

  it('refuses an override without expiry, and says which parameter is wrong', async () => {
    const { sink, sent } = await rig();
    expect(await sink.submit(msg({ device_id: 'lamp-d1', command: 'override', params: { level: 70 } }))).toEqual({ status: 'refused', detail: 'override params: give exactly one of duration_min or until (overrides always expire)' });
    expect(await sink.submit(msg({ device_id: 'lamp-d1', command: 'override', params: { level: 170, duration_min: 5 } }))).toMatchObject({ status: 'refused', detail: expect.stringMatching(/^override params\.level: /) });
    expect(sent).toEqual([]);
  });

  it('sets the drought level and the forecast hint; other commands go to the next sink', async () => {
    const { sink, rules, clock, passed } = await rig();
    await sink.submit(msg({ group: 'lawn-1', command: 'set_drought_level', params: { level: 'crise' } }));
    expect(rules.irrigation.droughtLevel(clock.now())).toEqual({ level: 'crise', source: 'hypervisor' });
    expect(await sink.submit(msg({ group: 'lawn-1', command: 'set_drought_level', params: { level: 'red' } }))).toMatchObject({ status: 'refused', detail: expect.stringMatching(/set_drought_level params\.level: .*vigilance/) });
    await sink.submit(msg({ device_id: 'valve-1', command: 'open_valve', params: { duration_min: 5, max_volume_l: 50 } }));
    expect(passed.map((m) => m.kind === 'commands' && m.body.command)).toEqual(['open_valve']);
  });
});
