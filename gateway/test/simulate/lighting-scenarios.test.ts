import { describe, expect, it } from 'vitest';
import { AstroClock } from '../../src/rules/lighting/astro';
import { angers, simulate } from './base';

const astro = new AstroClock({ latitude: 47.4784, longitude: -0.5632, timezone: 'Europe/Paris' });
const MIN = 60_000;
const lightsOnly = { rules: { irrigation: { enabled: false } } };

type Timeline = { at: string; level: number; reason: string }[];
const firstAt = (t: Timeline, pred: (e: Timeline[number]) => boolean) => Date.parse(t.find(pred)!.at);
const levelAt = (t: Timeline, at: string) => [...t].reverse().find((e) => Date.parse(e.at) <= Date.parse(at))!;

describe('simulate: nights in Angers', () => {
  it.each([
    ['winter', '2026-12-21'],
    ['summer', '2026-06-21'],
  ])('%s night: switch-on within 2 min of the computed sunset, off within 2 min of sunrise; energy saved; every command confirmed', async (_n, date) => {
    const r = await simulate(angers(lightsOnly), `${date}T12:00:00Z`, `${date.slice(0, 8)}${String(+date.slice(8) + 1).padStart(2, '0')}T12:00:00Z`);
    const night = astro.night(date);
    const t = r.lighting.district.timeline;
    expect(Math.abs(firstAt(t, (e) => e.level > 0) - night.sunset)).toBeLessThanOrEqual(2 * MIN);
    expect(Math.abs(firstAt(t, (e) => e.level === 0 && Date.parse(e.at) > night.sunset + 3_600_000) - night.sunrise)).toBeLessThanOrEqual(2 * MIN);
    expect(r.lighting.district.savingsPct).toBeGreaterThan(10);
    expect(r.lighting.district.baselineWh).toBeGreaterThan(0);
    expect(r.commands.byOutcome).toEqual({ confirmed: r.commands.total });
    // the 2 district lamps get one multicast row per change: per device, that row counts twice
    expect(r.commands.devicesByReason.program).toBeGreaterThan(r.commands.byReason.program);
    // the never-off crossing never goes below its floor while dark
    expect(r.lighting.crossing.timeline.filter((e) => Date.parse(e.at) > night.on && Date.parse(e.at) < night.off).every((e) => e.level >= 30)).toBe(true);
  });

  it.each([
    ['spring-forward (CET → CEST)', '2026-03-28', '2026-03-28T22:00:00Z', '2026-03-29T04:00:00Z'],
    ['fall-back (CEST → CET)', '2026-10-24', '2026-10-24T21:00:00Z', '2026-10-25T05:00:00Z'],
  ])('%s night: 23:00 and 06:00 local steps at the right UTC instants', async (_n, date, dimAt, upAt) => {
    const next = new Date(Date.parse(date) + 86_400_000).toISOString().slice(0, 10);
    const r = await simulate(angers(lightsOnly), `${date}T12:00:00Z`, `${next}T12:00:00Z`);
    const t = r.lighting.district.timeline;
    expect(t.find((e) => e.level === 40)!.at).toBe(new Date(dimAt).toISOString());
    expect(t.find((e) => e.level === 100 && Date.parse(e.at) > Date.parse(dimAt))!.at).toBe(new Date(upAt).toISOString());
  });

  it('boot with an untrusted clock: lamps at their default level (reason default) until the clock is trusted; mode changes reported', async () => {
    const r = await simulate(angers({ ...lightsOnly, simulation: { clock_untrusted: [{ from: '2026-12-21T10:00:00Z', to: '2026-12-21T12:00:00Z' }] } }), '2026-12-21T10:00:00Z', '2026-12-21T13:00:00Z');
    const t = r.lighting.district.timeline;
    expect(t[0]).toMatchObject({ level: 100, reason: 'default' });
    expect(levelAt(t, '2026-12-21T12:30:00Z')).toMatchObject({ level: 0, reason: 'program' });
    expect(r.modes.map((m) => m.mode)).toEqual(['clock_untrusted', 'online']);
  });

  it('an override outlives the link: applied while upstream is lost, expires on time, the program resumes', async () => {
    const r = await simulate(angers({
      ...lightsOnly,
      simulation: {
        link_down: [{ from: '2026-12-21T19:10:00Z', to: '2026-12-22T08:00:00Z' }],
        overrides: [{ at: '2026-12-21T19:00:00Z', target: 'group:district', level: 70, duration_min: 120 }],
      },
    }), '2026-12-21T18:00:00Z', '2026-12-21T23:00:00Z');
    const t = r.lighting.district.timeline;
    expect(levelAt(t, '2026-12-21T20:00:00Z')).toMatchObject({ level: 70, reason: 'override' });
    expect(levelAt(t, '2026-12-21T21:30:00Z')).toMatchObject({ level: 100, reason: 'program' });
    expect(levelAt(t, '2026-12-21T22:30:00Z')).toMatchObject({ level: 40, reason: 'program' });
    expect(r.modes.map((m) => m.mode)).toEqual(['online', 'upstream_lost']);
    expect(r.commands.byReason.override).toBe(2); // one timed override per district lamp
    expect(r.commands.byOutcome.refused).toBeUndefined();
  });

  it('an override survives a restart of the agent and is re-asserted at boot', async () => {
    const r = await simulate(angers({
      ...lightsOnly,
      simulation: {
        overrides: [{ at: '2026-12-21T19:00:00Z', target: 'lamp-d1', level: 55, duration_min: 180 }],
        restart_at: ['2026-12-21T20:00:00Z'],
      },
    }), '2026-12-21T18:00:00Z', '2026-12-21T23:00:00Z');
    // the group follows its program; lamp-d1 diverges with its own override, and rejoins at expiry
    expect(r.lighting.district.timeline.every((e) => e.reason !== 'override')).toBe(true);
    expect(r.lighting.district.lamps['lamp-d2']).toBeUndefined();
    const t = r.lighting.district.lamps['lamp-d1'];
    const afterBoot = t.filter((e) => e.at === '2026-12-21T20:00:00.000Z' || e.at === '2026-12-21T20:01:00.000Z');
    expect(afterBoot[0]).toMatchObject({ level: 55, reason: 'override' });
    expect(levelAt(t, '2026-12-21T22:30:00Z')).toMatchObject({ level: 40, reason: 'program' });
    expect(r.commands.byReason.override).toBeGreaterThanOrEqual(2); // first send + boot re-assert
    expect(r.commands.byOutcome.refused).toBeUndefined();
  });

  it('report: the group timeline is the group decision; a lamp boosted by its own presence detection appears per lamp until it rejoins', async () => {
    const cfg = angers({ ...lightsOnly, simulation: { presence: [{ at: '2026-12-22T01:00:00Z', device: 'lamp-p1' }] }, devices: [{ id: 'lamp-p1', type: 'lamp', group: 'path' }, { id: 'lamp-p2', type: 'lamp', group: 'path' }] });
    const lighting = cfg.rules.lighting as { groups: Record<string, unknown> };
    lighting.groups.path = { profile: 'residential', presence: { level: 100, hold_s: 120, fade_s: 30 } };
    const r = await simulate(cfg, '2026-12-21T12:00:00Z', '2026-12-22T12:00:00Z');
    const path = r.lighting.path;
    // 02:00 local is inside the 01:00-05:00 switch-off window: the group is off all along
    expect(levelAt(path.timeline, '2026-12-22T01:00:00Z').level).toBe(0);
    expect(path.timeline.some((e) => e.level === 100 && Date.parse(e.at) >= Date.parse('2026-12-22T00:30:00Z') && Date.parse(e.at) < Date.parse('2026-12-22T04:00:00Z'))).toBe(false);
    expect(path.lamps['lamp-p2']).toBeUndefined();
    const p1 = path.lamps['lamp-p1'];
    expect(p1[0]).toMatchObject({ at: '2026-12-22T01:00:00.000Z', level: 100 });
    expect(p1.at(-1)).toMatchObject({ level: 0 });
    expect(Date.parse(p1.at(-1)!.at)).toBeGreaterThan(Date.parse('2026-12-22T01:02:00Z')); // hold 120 s, then fade
    expect(path.lampEntriesDropped).toBe(0);
  });

  it('presence propagates to the neighbours listed in lighting.neighbours, and only to them', async () => {
    const cfg = angers({
      ...lightsOnly,
      simulation: { presence: [{ at: '2026-12-22T01:00:00Z', device: 'lamp-p1' }] },
      devices: ['lamp-p1', 'lamp-p2', 'lamp-p3'].map((id) => ({ id, type: 'lamp', group: 'path' })),
    });
    const lighting = cfg.rules.lighting as { groups: Record<string, unknown>; neighbours?: Record<string, string[]> };
    lighting.groups.path = { profile: 'residential', presence: { level: 100, hold_s: 120, fade_s: 30 } };
    lighting.neighbours = { 'lamp-p1': ['lamp-p2'] };
    const r = await simulate(cfg, '2026-12-22T00:00:00Z', '2026-12-22T02:00:00Z');
    const lamps = r.lighting.path.lamps;
    expect(lamps['lamp-p1'][0]).toMatchObject({ at: '2026-12-22T01:00:00.000Z', level: 100 });
    expect(lamps['lamp-p2'][0]).toMatchObject({ at: '2026-12-22T01:00:00.000Z', level: 100 });
    expect(lamps['lamp-p3']).toBeUndefined();
  });

  it('a presence boost in progress survives a restart of the agent (the last detection is persisted)', async () => {
    const cfg = angers({
      ...lightsOnly,
      simulation: { presence: [{ at: '2026-12-22T01:00:00Z', device: 'lamp-p1' }], restart_at: ['2026-12-22T01:03:00Z'] },
      devices: [{ id: 'lamp-p1', type: 'lamp', group: 'path' }, { id: 'lamp-p2', type: 'lamp', group: 'path' }],
    });
    (cfg.rules.lighting as { groups: Record<string, unknown> }).groups.path = { profile: 'residential', presence: { level: 100, hold_s: 600, fade_s: 60 } };
    const r = await simulate(cfg, '2026-12-21T23:00:00Z', '2026-12-22T02:00:00Z');
    const p1 = r.lighting.path.lamps['lamp-p1'];
    // re-asserted at boot (01:03) still boosted, and only released after the 10-minute hold
    expect(p1.filter((e) => e.at === '2026-12-22T01:03:00.000Z')).toEqual([expect.objectContaining({ level: 100 })]);
    expect(levelAt(p1, '2026-12-22T01:09:00Z').level).toBe(100);
    expect(levelAt(p1, '2026-12-22T01:30:00Z').level).toBe(0);
  });

  it('a lamp dying at night raises lighting.lamp_failure (commanded on, power near zero)', async () => {
    const r = await simulate(angers({ ...lightsOnly, simulation: { faults: [{ device: 'lamp-d2', kind: 'lamp_dead', at: '2026-12-21T19:00:00Z' }] } }), '2026-12-21T15:00:00Z', '2026-12-21T22:00:00Z');
    expect(r.alarms).toContainEqual(expect.objectContaining({ type: 'lighting.lamp_failure', deviceId: 'lamp-d2' }));
    expect(r.alarms.filter((a) => a.deviceId !== 'lamp-d2')).toEqual([]);
  });

  it('a lamp that stops reporting raises lighting.no_report after 3 × its report interval', async () => {
    const r = await simulate(angers({ ...lightsOnly, simulation: { faults: [{ device: 'lamp-x1', kind: 'dies', at: '2026-12-21T15:00:00Z' }] } }), '2026-12-21T14:00:00Z', '2026-12-21T16:30:00Z');
    const alarm = r.alarms.find((a) => a.type === 'lighting.no_report');
    expect(alarm?.deviceId).toBe('lamp-x1');
    expect(Date.parse(alarm!.at)).toBeGreaterThanOrEqual(Date.parse('2026-12-21T15:30:00Z'));
  });
});
