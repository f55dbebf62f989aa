import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '@ardoise/device-sdk';
import { JournalingCommandSink } from '../../src/downstream/command-sink';
import { GovernorCommandSink } from '../../src/downstream/governor-sink';
import type { DownstreamMessage } from '../../src/downstream/message';
import { SafetyGovernor } from '../../src/governor/governor';
import type { Actuation, ActuatorPolicy } from '../../src/governor/types';
import type { Store } from '../../src/store/types';
import { openTestStore, tempDir } from './helpers';

let tmp: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => (tmp = await tempDir('ardoise-gov-')));
afterAll(() => tmp?.cleanup());

function setup(): { sink: GovernorCommandSink; store: Store; sent: Array<[string, Actuation]>; clock: SimulatedClock } {
  const clock = new SimulatedClock();
  const store = openTestStore(join(tmp.dir, `gov-${Math.random().toString(36).slice(2)}.db`), clock);
  store.upsertDevice({ id: 'lamp-0', type: 'lamp', meta: { group: 'centre' } });
  store.upsertDevice({ id: 'lamp-1', type: 'lamp', meta: { group: 'centre' } });
  store.upsertDevice({ id: 'valve-1', type: 'valve', meta: { group: 'parc' } });
  const policy: ActuatorPolicy = {
    kindOf: (id) => (id.startsWith('lamp') ? 'lamp' : id.startsWith('valve') ? 'valve' : undefined),
    lampFloor: () => undefined,
    valveLimits: () => ({ maxOpenMin: 60, maxVolumeL: 2_000 }),
    valveBan: () => 'drought order "crise": watering banned',
  };
  // The radio cannot run here: the transport only records what the governor sends.
  const sent: Array<[string, Actuation]> = [];
  const governor = new SafetyGovernor({ clock, journal: store, policy, transport: { send: async (id, action) => void sent.push([id, action]) } });
  return { sink: new GovernorCommandSink(governor, store, new JournalingCommandSink(store, clock)), store, sent, clock };
}

const msg = (clock: SimulatedClock, body: Record<string, unknown>): DownstreamMessage =>
  ({ kind: 'commands', id: `m-${Math.random()}`, gatewayId: 'gw', expiresAt: clock.now() + 3_600_000, body: { params: {}, ...body } }) as DownstreamMessage;

describe('downstream commands through the safety governor', () => {
  it('a group override reaches every lamp of the group, journaled as a hypervisor override', async () => {
    const { sink, store, sent, clock } = setup();
    const outcome = await sink.submit(msg(clock, { group: 'centre', command: 'set_level', params: { level: 40 } }));
    expect(outcome.status).toBe('accepted');
    expect(sent).toEqual([['lamp-0', { command: 'set_level', level: 40 }], ['lamp-1', { command: 'set_level', level: 40 }]]);
    expect(store.commandsAfter(0, 10).map((c) => [c.deviceId, c.reason, c.source])).toEqual([
      ['lamp-0', 'override', 'hypervisor'],
      ['lamp-1', 'override', 'hypervisor'],
    ]);
  });

  it('a valve opening under a drought ban is refused with the reason and nothing is sent', async () => {
    const { sink, sent, clock } = setup();
    const outcome = await sink.submit(msg(clock, { device_id: 'valve-1', command: 'open_valve', params: { duration_min: 10, max_volume_l: 100 } }));
    expect(outcome).toMatchObject({ status: 'refused' });
    expect(outcome.detail).toMatch(/crise/);
    expect(sent).toEqual([]);
  });

  it('missing parameters are refused naming the field; non-actuation commands are journaled by the fallback', async () => {
    const { sink, store, sent, clock } = setup();
    expect(await sink.submit(msg(clock, { device_id: 'lamp-0', command: 'set_level' }))).toMatchObject({ status: 'refused', detail: 'params.level: a number is required for set_level' });
    expect(await sink.submit(msg(clock, { group: 'nowhere', command: 'close_valve' }))).toMatchObject({ status: 'refused' });
    expect(await sink.submit(msg(clock, { group: 'parc', command: 'set_drought_level', params: { level: 'alerte' } }))).toMatchObject({ status: 'accepted', detail: 'journaled' });
    expect(sent).toEqual([]);
    expect(store.commandsAfter(0, 10).map((c) => c.command)).toEqual(['set_drought_level']);
  });
});
