import { afterEach, describe, expect, it } from 'vitest';
import { governorRig } from './helpers';

let rig: ReturnType<typeof governorRig>;
afterEach(() => rig?.cleanup());

const lamp = (level: number, extra = {}) => ({ deviceId: 'lamp-1', action: { command: 'set_level' as const, level }, reason: 'program' as const, source: 'rule:lighting', ...extra });

describe('safety governor: invariants', () => {
  it('journals before sending, with reason, source and outcome sent', async () => {
    rig = governorRig();
    const r = await rig.governor.submit(lamp(40, { why: 'profile district' }));
    expect(r).toMatchObject({ status: 'sent', sent: { command: 'set_level', level: 40 } });
    expect(rig.transport.sent).toHaveLength(1);
    expect(rig.journal()).toEqual([expect.objectContaining({ deviceId: 'lamp-1', command: 'set_level', reason: 'program', source: 'rule:lighting', outcome: 'sent', params: { level: 40, why: 'profile district' } })]);
  });

  it('never-off floor: a lower level (even an override) is raised to the floor and says so', async () => {
    rig = governorRig();
    rig.policyState.floor = 30;
    const r = await rig.governor.submit({ deviceId: 'lamp-1', action: { command: 'override', level: 0, durationMin: 60 }, reason: 'override', source: 'hypervisor', expiresAt: rig.clock.now() + 3600_000 });
    expect(r.sent).toEqual({ command: 'override', level: 30, durationMin: 60 });
    expect(rig.journal()[0].params.why).toMatch(/raised to the never-off floor 30/);
  });

  it('overrides need an expiry in the future, at most maxOverrideMs away; the device-side duration stops at the expiry', async () => {
    rig = governorRig();
    const base = { deviceId: 'lamp-1', action: { command: 'override' as const, level: 80, durationMin: 600 }, reason: 'override' as const, source: 'node-red' };
    expect(await rig.governor.submit(base)).toMatchObject({ status: 'refused', detail: expect.stringMatching(/needs expiresAt/) });
    expect(await rig.governor.submit({ ...base, expiresAt: rig.clock.now() - 1 })).toMatchObject({ status: 'refused', detail: expect.stringMatching(/expired/) });
    expect(await rig.governor.submit({ ...base, expiresAt: rig.clock.now() + 8 * 86_400_000 })).toMatchObject({ status: 'refused', detail: expect.stringMatching(/at most 10080 min/) });
    const ok = await rig.governor.submit({ ...base, expiresAt: rig.clock.now() + 90 * 60_000 });
    expect(ok.sent).toEqual({ command: 'override', level: 80, durationMin: 90 });
    expect(rig.journal().filter((c) => c.outcome === 'refused')).toHaveLength(3);
  });

  it('valves: refused under a ban, limited to max duration/volume, always with a self-close; closing always allowed', async () => {
    rig = governorRig();
    const open = { deviceId: 'valve-1', action: { command: 'open' as const, durationMin: 120, maxVolumeL: 0 }, reason: 'sensor' as const, source: 'rule:irrigation' };
    rig.policyState.ban = 'drought level crise bans lawn watering 00:00-24:00';
    expect(await rig.governor.submit(open)).toMatchObject({ status: 'refused', detail: expect.stringMatching(/opening refused: drought level crise/) });
    rig.policyState.ban = undefined;
    expect((await rig.governor.submit(open)).sent).toEqual({ command: 'open', durationMin: 30, maxVolumeL: 500 });
    rig.policyState.ban = 'crise';
    expect((await rig.governor.submit({ ...open, action: { command: 'close' } })).status).toBe('sent');
  });

  it('bad requests are refused with what, where and what is allowed; unknown devices too', async () => {
    rig = governorRig();
    expect((await rig.governor.submit(lamp(150))).detail).toBe('set_level.level is 150; allowed: integer 0..100');
    expect((await rig.governor.submit({ ...lamp(50), deviceId: 'pump-9' })).detail).toMatch(/unknown actuator "pump-9"/);
    expect((await rig.governor.submit({ ...lamp(50), deviceId: 'valve-1' })).detail).toMatch(/set_level is not a valve command; allowed: open, close/);
    expect(rig.transport.sent).toEqual([]);
  });
});

describe('safety governor: traffic', () => {
  it('sends on change only; an identical request is "unchanged" and not journaled; the same refusal is journaled once', async () => {
    rig = governorRig();
    await rig.governor.submit(lamp(40));
    expect((await rig.governor.submit(lamp(40))).status).toBe('unchanged');
    await rig.governor.submit(lamp(150));
    await rig.governor.submit(lamp(150));
    expect(rig.transport.sent).toHaveLength(1);
    expect(rig.journal()).toHaveLength(2);
  });

  it('rate limit per device: changes within minInterval are deferred, the latest wins, sent when allowed', async () => {
    rig = governorRig({ minIntervalMs: 30_000 });
    await rig.governor.submit(lamp(40));
    expect((await rig.governor.submit(lamp(60))).status).toBe('deferred');
    expect((await rig.governor.submit(lamp(70))).status).toBe('deferred');
    expect((await rig.governor.submit({ ...lamp(20), deviceId: 'lamp-2' })).status).toBe('sent'); // other device unaffected
    await rig.clock.advanceAsync(30_000);
    expect(rig.transport.sent.filter((s) => s.deviceId === 'lamp-1').map((s) => s.action)).toEqual([{ command: 'set_level', level: 40 }, { command: 'set_level', level: 70 }]);
  });

  it('an explicit override is sent at once inside the rate-limit window (once per window); rule churn stays deferred', async () => {
    rig = governorRig({ minIntervalMs: 30_000 });
    const override = (level: number) => ({ ...lamp(level), reason: 'override' as const, source: 'hypervisor', action: { command: 'override' as const, level, durationMin: 60 }, expiresAt: rig.clock.now() + 3_600_000 });
    await rig.governor.submit(lamp(40));
    rig.clock.advance(5_000);
    expect((await rig.governor.submit(override(100))).status).toBe('sent');
    expect((await rig.governor.submit(lamp(60))).status).toBe('deferred');
    // a second override in the same window is not "prompt": bounded even if an integrator loops
    expect((await rig.governor.submit(override(90))).status).toBe('deferred');
    expect(rig.transport.sent.map((s) => s.action)).toEqual([{ command: 'set_level', level: 40 }, { command: 'override', level: 100, durationMin: 60 }]);
  });

  it('an explicit override still waits for the duty-cycle budget', async () => {
    const allowedAt = Date.UTC(2026, 11, 21, 22) + 60_000;
    rig = governorRig({ minIntervalMs: 30_000 }, { canSend: (_id, now) => (now >= allowedAt ? { ok: true } : { ok: false, retryAt: allowedAt, detail: 'EU868 1 % used' }) });
    const r = await rig.governor.submit({ ...lamp(100), reason: 'override', source: 'hypervisor', action: { command: 'override', level: 100, durationMin: 60 }, expiresAt: rig.clock.now() + 3_600_000 });
    expect(r).toMatchObject({ status: 'deferred', detail: expect.stringMatching(/duty cycle/) });
    expect(rig.transport.sent).toHaveLength(0);
  });

  it('duty-cycle budget: deferred until the budget allows', async () => {
    let allowedAt = Date.UTC(2026, 11, 21, 22) + 60_000;
    rig = governorRig({}, { canSend: (_id, now) => (now >= allowedAt ? { ok: true } : { ok: false, retryAt: allowedAt, detail: 'EU868 1 % used' }) });
    expect(await rig.governor.submit(lamp(40))).toMatchObject({ status: 'deferred', detail: expect.stringMatching(/duty cycle: EU868 1 % used; retry in 60 s/) });
    await rig.clock.advanceAsync(60_000);
    expect(rig.transport.sent).toHaveLength(1);
    allowedAt = Infinity;
  });

  it('transport failure: journaled as failed with the error, and the next identical request is retried', async () => {
    rig = governorRig({ minIntervalMs: 0 });
    rig.transport.failNext = 'downlink queue full (limit 16)';
    expect(await rig.governor.submit(lamp(40))).toMatchObject({ status: 'failed', detail: 'downlink queue full (limit 16)' });
    expect(rig.journal()[0]).toMatchObject({ outcome: 'failed', detail: 'downlink queue full (limit 16)' });
    expect((await rig.governor.submit(lamp(40))).status).toBe('sent');
  });
});

describe('safety governor: confirmation and re-assert', () => {
  it('the next report matching the command confirms it', async () => {
    rig = governorRig();
    await rig.governor.submit(lamp(40));
    await rig.governor.observe('lamp-1', { level: 40 });
    expect(rig.journal()[0].outcome).toBe('confirmed');
  });

  it('a lamp reporting another level is re-asserted after 2 reports (class A: the first may predate the downlink)', async () => {
    rig = governorRig({ minIntervalMs: 0 });
    await rig.governor.submit(lamp(40));
    await rig.governor.observe('lamp-1', { level: 100 });
    expect(rig.transport.sent).toHaveLength(1);
    await rig.governor.observe('lamp-1', { level: 100 });
    expect(rig.transport.sent).toHaveLength(2);
    expect(rig.journal()[1]).toMatchObject({ command: 'set_level', params: { level: 40, why: expect.stringMatching(/re-assert 1\/3/) } });
  });

  it('a valve that never reports closed: close re-asserted 3 times, then a critical alarm and outcome failed', async () => {
    rig = governorRig({ minIntervalMs: 0 });
    await rig.governor.submit({ deviceId: 'valve-1', action: { command: 'close' }, reason: 'program', source: 'rule:irrigation' });
    for (let i = 0; i < 10; i++) await rig.governor.observe('valve-1', { valveOpen: true });
    expect(rig.transport.sent.map((s) => s.action.command)).toEqual(['close', 'close', 'close', 'close']);
    const alarms = rig.store.eventsAfter(0, 10, { kind: 'alarm' });
    expect(alarms).toEqual([expect.objectContaining({ type: 'governor.actuator_unresponsive', deviceId: 'valve-1', severity: 'critical' })]);
    expect(rig.journal().at(-1)).toMatchObject({ outcome: 'failed', detail: expect.stringMatching(/after 3 re-asserts/) });
  });

  it('an open valve is expected closed after its self-close time; an open request while open is unchanged', async () => {
    rig = governorRig({ minIntervalMs: 0 });
    const open = { deviceId: 'valve-1', action: { command: 'open' as const, durationMin: 20, maxVolumeL: 300 }, reason: 'sensor' as const, source: 'rule:irrigation' };
    await rig.governor.submit(open);
    expect((await rig.governor.submit(open)).status).toBe('unchanged');
    await rig.governor.observe('valve-1', { valveOpen: true });
    expect(rig.journal()[0].outcome).toBe('confirmed');
    rig.clock.advance(21 * 60_000);
    await rig.governor.observe('valve-1', { valveOpen: false });
    expect(rig.transport.sent).toHaveLength(1);
    expect((await rig.governor.submit(open)).status).toBe('sent');
  });
});

describe('safety governor: valves that self-close', () => {
  it('a valve reporting closed during its opening (self-closed on volume, or the opening was lost) is never re-opened by a re-assert', async () => {
    rig = governorRig({ minIntervalMs: 0 });
    await rig.governor.submit({ deviceId: 'valve-1', action: { command: 'open', durationMin: 30, maxVolumeL: 200 }, reason: 'sensor', source: 'rule:irrigation' });
    for (let i = 0; i < 5; i++) {
      rig.clock.advance(60_000);
      await rig.governor.observe('valve-1', { valveOpen: false });
    }
    expect(rig.transport.sent.map((s) => s.action)).toEqual([{ command: 'open', durationMin: 30, maxVolumeL: 200 }]);
    expect(rig.store.eventsAfter(0, 10, { kind: 'alarm' })).toEqual([]);
  });
});

describe('safety governor: group requests', () => {
  const req = (level: number) => ({ action: { command: 'set_level' as const, level }, reason: 'program' as const, source: 'rule:lighting' });
  const members = ['lamp-1', 'lamp-2', 'lamp-3'];

  it('with multicast: one downlink, one journal row, confirmed once every member has reported the level', async () => {
    rig = governorRig({}, undefined, true);
    expect(await rig.governor.submitGroup('g1', members, req(40))).toMatchObject({ status: 'sent', detail: 'multicast to 3 lamps' });
    expect(rig.transport.multicasts).toEqual([{ groupId: 'g1', members, action: { command: 'set_level', level: 40 } }]);
    expect(rig.transport.sent).toEqual([]);
    expect(rig.journal()).toEqual([expect.objectContaining({ deviceId: 'group:g1', params: { level: 40, members: 3 }, outcome: 'sent' })]);
    await rig.governor.observe('lamp-1', { level: 40 });
    await rig.governor.observe('lamp-2', { level: 40 });
    expect(rig.journal()[0].outcome).toBe('sent');
    await rig.governor.observe('lamp-3', { level: 40 });
    expect(rig.journal()[0].outcome).toBe('confirmed');
    expect((await rig.governor.submitGroup('g1', members, req(40))).status).toBe('unchanged');
  });

  it('the floor applies to the group; a member that disagrees is re-asserted by unicast', async () => {
    rig = governorRig({ minIntervalMs: 0 }, undefined, true);
    rig.policyState.floor = 30;
    expect((await rig.governor.submitGroup('g1', members, req(0))).sent).toEqual({ command: 'set_level', level: 30 });
    await rig.governor.observe('lamp-2', { level: 0 });
    await rig.governor.observe('lamp-2', { level: 0 });
    expect(rig.transport.sent).toEqual([expect.objectContaining({ deviceId: 'lamp-2', action: { command: 'set_level', level: 30 } })]);
  });

  it('without multicast: one command per member, members already in that state left out', async () => {
    rig = governorRig();
    await rig.governor.submit(lamp(40));
    const r = await rig.governor.submitGroup('g1', members, req(40));
    expect(r).toMatchObject({ status: 'sent', detail: '2 sent, 1 unchanged' });
    expect(rig.transport.sent.map((s) => s.deviceId)).toEqual(['lamp-1', 'lamp-2', 'lamp-3']);
  });
});
