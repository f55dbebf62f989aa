import { describe, expect, it } from 'vitest';
import { AstroClock } from '../../src/rules/lighting/astro';
import { DEFAULT_DIAGNOSTICS, type LampAlarm, LampDiagnostics } from '../../src/rules/lighting/diagnostics';
import { EnergyLedger, nightBaselineWh } from '../../src/rules/lighting/energy';
import { ANGERS } from './lighting-fixtures';

function diag() {
  const alarms: LampAlarm[] = [];
  return { alarms, d: new LampDiagnostics(DEFAULT_DIAGNOSTICS, (a) => alarms.push(a)) };
}
const night = { commandedLevel: 80, daylight: false };

describe('lamp diagnostics', () => {
  it('lamp failure: commanded on, power near zero on two reports → raised once, cleared when power returns', () => {
    const { alarms, d } = diag();
    d.observe('l1', 1, { activePower: 0.5 }, night);
    expect(alarms).toEqual([]);
    d.observe('l1', 2, { activePower: 0.4 }, night);
    d.observe('l1', 3, { activePower: 0.4 }, night);
    expect(alarms.map((a) => [a.type, a.active])).toEqual([['lighting.lamp_failure', true]]);
    d.observe('l1', 4, { activePower: 40 }, night);
    expect(alarms.at(-1)).toMatchObject({ type: 'lighting.lamp_failure', active: false });
  });

  it('zero power while commanded off is not a failure; the controller flag is', () => {
    const { alarms, d } = diag();
    d.observe('l1', 1, { activePower: 0 }, { commandedLevel: 0, daylight: false });
    d.observe('l1', 2, { activePower: 0 }, { commandedLevel: 0, daylight: false });
    expect(alarms).toEqual([]);
    d.observe('l1', 3, { deviceFlags: { lampFailure: true } }, night);
    expect(alarms[0]).toMatchObject({ type: 'lighting.lamp_failure', active: true });
  });

  it('day burner: power in daylight with nothing commanding it on', () => {
    const { alarms, d } = diag();
    const day = { commandedLevel: 0, daylight: true };
    d.observe('l1', 1, { activePower: 45 }, day);
    d.observe('l1', 2, { activePower: 45 }, day);
    expect(alarms[0]).toMatchObject({ type: 'lighting.day_burner', active: true });
    const { alarms: a2, d: d2 } = diag();
    d2.observe('l2', 1, { activePower: 45 }, { commandedLevel: 100, daylight: true });
    d2.observe('l2', 2, { activePower: 45 }, { commandedLevel: 100, daylight: true });
    expect(a2).toEqual([]);
  });

  it('cycling: more than 6 on/off transitions within an hour', () => {
    const { alarms, d } = diag();
    for (let i = 0; i < 8; i++) d.observe('l1', i * 60_000, { activePower: i % 2 ? 40 : 0 }, { commandedLevel: 0, daylight: false });
    expect(alarms.some((a) => a.type === 'lighting.cycling' && a.active)).toBe(true);
  });

  it('no report: raised after 3 × the interval of silence, cleared by the next report', () => {
    const { alarms, d } = diag();
    d.expect('l1', 0);
    d.checkSilence(2_000, () => 1000);
    expect(alarms).toEqual([]);
    d.checkSilence(3_001, () => 1000);
    expect(alarms[0]).toMatchObject({ type: 'lighting.no_report', active: true, deviceId: 'l1' });
    d.observe('l1', 3_500, { activePower: 10 }, night);
    expect(alarms[1]).toMatchObject({ type: 'lighting.no_report', active: false });
  });
});

describe('energy ledger', () => {
  it('meter deltas (with a counter reset) against the full-power baseline → savings %', () => {
    const e = new EnergyLedger();
    e.meter('g', 'l1', 1000);
    e.meter('g', 'l1', 1300);
    e.meter('g', 'l1', 100); // reset: counts 100
    e.addBaseline('g', 1000);
    expect(e.report().g).toEqual({ usedWh: 400, baselineWh: 1000, savingsPct: 60 });
  });

  it('estimates from level × rated power; baseline from the burn time', () => {
    const e = new EnergyLedger();
    e.estimate('g', 50, 40, 3_600_000);
    expect(e.report().g.usedWh).toBe(20);
    const n = new AstroClock(ANGERS).night('2026-12-21');
    const hours = (n.off - n.on) / 3_600_000;
    expect(hours).toBeGreaterThan(15);
    expect(nightBaselineWh(n, 10, 50)).toBeCloseTo(10 * 50 * hours);
  });
});
