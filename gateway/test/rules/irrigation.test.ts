import { describe, expect, it } from 'vitest';
import { DEFAULT_BANS, type ZoneInputs, dailyBudgetL, dayOfYear, decideZone, droughtLevelAt, extraterrestrialRadiation, hargreavesEt0 } from '../../src/rules/irrigation';
import { DEFAULT_FLOW_FAULTS, type FlowAlarm, FlowFaults } from '../../src/rules/irrigation/flow-faults';
import { RollingSum, VolumeCounter } from '../../src/rules/irrigation/rolling';
import type { Zone } from '../../src/rules/irrigation/types';
import { parseWindow } from '../../src/rules/local-time';

const zone = (over: Partial<Zone> = {}): Zone => ({
  id: 'z1', kind: 'lawn', probes: ['p1'], valves: ['v1'], measure: 'vwc', start: 20, stop: 30,
  windows: [parseWindow('22:00-06:00')], maxOpenMin: 30, maxVolumeL: 500, dailyCapL: 1500, rainSkipMm: 5,
  probeStaleMs: 3 * 3600_000, cropCoef: 0.8, ...over,
});
const at = (hh: number, mm = 0, over: Partial<ZoneInputs> = {}): ZoneInputs => ({
  clockTrusted: true, localDate: '2026-07-10', localMinutes: hh * 60 + mm, moisture: 15, rain24hMm: 0,
  droughtLevel: 'none', bans: DEFAULT_BANS, usedTodayL: 0, watering: false, ...over,
});

describe('decideZone', () => {
  it('dry soil in the window → water with duration and volume limits (device-side self-close)', () => {
    expect(decideZone(zone(), at(23))).toMatchObject({ action: 'water', durationMin: 30, maxVolumeL: 500, reason: 'sensor' });
    // 10 minutes before the window closes: the opening ends with it
    expect(decideZone(zone(), at(5, 50)).durationMin).toBe(10);
    expect(decideZone(zone(), at(12))).toMatchObject({ action: 'stop', why: 'outside the watering windows' });
  });

  it('hysteresis: starts at the dry threshold, keeps going until the wet one (VWC and tension)', () => {
    expect(decideZone(zone(), at(23, 0, { moisture: 25 })).action).toBe('stop');
    expect(decideZone(zone(), at(23, 0, { moisture: 25, watering: true })).action).toBe('water');
    expect(decideZone(zone(), at(23, 0, { moisture: 30, watering: true })).action).toBe('stop');
    const t = zone({ measure: 'tension', start: 60, stop: 25 });
    expect(decideZone(t, at(23, 0, { moisture: 70 })).action).toBe('water');
    expect(decideZone(t, at(23, 0, { moisture: 40 })).action).toBe('stop');
    expect(decideZone(t, at(23, 0, { moisture: 40, watering: true })).action).toBe('water');
    expect(decideZone(t, at(23, 0, { moisture: 20, watering: true })).action).toBe('stop');
  });

  it('fails closed: untrusted clock, stale probe without fallback', () => {
    expect(decideZone(zone(), at(23, 0, { clockTrusted: false }))).toMatchObject({ action: 'stop', skip: 'clock_untrusted' });
    expect(decideZone(zone(), at(23, 0, { moisture: undefined }))).toMatchObject({ action: 'stop', skip: 'stale_probe' });
  });

  it('stale probe with a reduced fallback: waters when due, not again before everyDays', () => {
    const z = zone({ fallback: { durationMin: 10, everyDays: 2 } });
    expect(decideZone(z, at(23, 0, { moisture: undefined }))).toMatchObject({ action: 'water', durationMin: 10, fallback: true, reason: 'default' });
    expect(decideZone(z, at(23, 0, { moisture: undefined, lastFallbackDate: '2026-07-09' }))).toMatchObject({ action: 'stop', skip: 'stale_probe' });
    expect(decideZone(z, at(23, 0, { moisture: undefined, lastFallbackDate: '2026-07-08' })).action).toBe('water');
    expect(decideZone(z, at(23, 0, { moisture: undefined, rain24hMm: 8 })).skip).toBe('rain');
  });

  it('rain skip at the threshold, forecast hint, and daily cap / ET0 budget', () => {
    expect(decideZone(zone(), at(23, 0, { rain24hMm: 5 }))).toMatchObject({ action: 'stop', skip: 'rain' });
    expect(decideZone(zone(), at(23, 0, { rain24hMm: 4.9 })).action).toBe('water');
    expect(decideZone(zone(), at(23, 0, { forecastRainMm: 12 }))).toMatchObject({ action: 'stop', skip: 'forecast' });
    expect(decideZone(zone(), at(23, 0, { usedTodayL: 1500 }))).toMatchObject({ action: 'stop', skip: 'daily_cap' });
    expect(decideZone(zone(), at(23, 0, { usedTodayL: 1300 })).maxVolumeL).toBe(200);
    expect(decideZone(zone(), at(23, 0, { usedTodayL: 400, budgetTodayL: 400 }))).toMatchObject({ action: 'stop', skip: 'et_budget' });
    // less than 1 L left is reached: an opening of 0 L would mean "the valve's own limit" (1000s of litres)
    expect(decideZone(zone(), at(23, 0, { usedTodayL: 1499.4 }))).toMatchObject({ action: 'stop', skip: 'daily_cap' });
  });

  it('drought levels: alerte bans 08:00-20:00, renforcée bans lawns but lets young plantings water at night, crise bans all', () => {
    const day = zone({ windows: [parseWindow('06:00-10:00')] });
    expect(decideZone(day, at(9, 0, { droughtLevel: 'alerte' }))).toMatchObject({ action: 'stop', skip: 'drought_ban' });
    expect(decideZone(day, at(7, 50, { droughtLevel: 'alerte' })).durationMin).toBe(10); // stops at the ban
    expect(decideZone(day, at(9, 0, { droughtLevel: 'vigilance' })).action).toBe('water');
    expect(decideZone(zone(), at(23, 0, { droughtLevel: 'alerte_renforcee' })).skip).toBe('drought_ban');
    expect(decideZone(zone({ kind: 'young_planting' }), at(23, 0, { droughtLevel: 'alerte_renforcee' })).action).toBe('water');
    expect(decideZone(zone({ kind: 'young_planting' }), at(23, 0, { droughtLevel: 'crise' })).skip).toBe('drought_ban');
  });
});

describe('drought level', () => {
  const schedule = [
    { from: '2026-07-01', to: '2026-07-31', level: 'alerte' as const },
    { from: '2026-07-15', to: '2026-07-20', level: 'crise' as const },
  ];
  it('highest scheduled level for the date; a remote level wins until it expires', () => {
    expect(droughtLevelAt(schedule, undefined, 0, '2026-06-30').level).toBe('none');
    expect(droughtLevelAt(schedule, undefined, 0, '2026-07-10').level).toBe('alerte');
    expect(droughtLevelAt(schedule, undefined, 0, '2026-07-16').level).toBe('crise');
    const remote = { level: 'vigilance' as const, setAt: 100, until: 200, source: 'hypervisor' };
    expect(droughtLevelAt(schedule, remote, 150, '2026-07-16')).toEqual({ level: 'vigilance', source: 'hypervisor' });
    expect(droughtLevelAt(schedule, remote, 200, '2026-07-16').level).toBe('crise');
  });
});

describe('evapotranspiration (FAO-56)', () => {
  it('Ra matches FAO-56 example 8 (20°S, 3 September: 32.2 MJ/m²/day)', () => {
    expect(dayOfYear('2026-09-03')).toBe(246);
    expect(extraterrestrialRadiation(-20, 246)).toBeCloseTo(32.2, 1);
  });
  it('Hargreaves ET0 for a summer day in Angers is a few mm; budget in litres over the area', () => {
    const et0 = hargreavesEt0(14, 30, 47.4784, dayOfYear('2026-07-10'));
    expect(et0).toBeGreaterThan(4);
    expect(et0).toBeLessThan(7);
    expect(dailyBudgetL(5, 0.8, 1, 100)).toBe(300);
    expect(dailyBudgetL(5, 0.8, 10, 100)).toBe(0);
    expect(dailyBudgetL(undefined, 0.8, 0, 100)).toBeUndefined();
    expect(() => hargreavesEt0(30, 14, 47, 190)).toThrow(/tMin ≤ tMax, got tMin=30, tMax=14/);
  });
});

describe('trackers and flow faults', () => {
  it('rain over the last 24 h; volume used per zone per local day with counter resets', () => {
    const r = new RollingSum(86_400_000);
    r.add(0, 3);
    r.add(3600_000, 2.5);
    expect(r.total(3600_000)).toBe(5.5);
    expect(r.total(86_400_001)).toBe(2.5);
    const v = new VolumeCounter();
    v.add('z1', 'v1', '2026-07-10', 1000);
    v.add('z1', 'v1', '2026-07-10', 1200);
    v.add('z1', 'v1', '2026-07-10', 50);
    expect(v.usedOn('z1', '2026-07-10')).toBe(250);
    v.add('z1', 'v1', '2026-07-11', 80);
    expect(v.usedOn('z1', '2026-07-11')).toBe(30);
  });

  it('leak: flow with every valve closed past the grace time; no_flow: open valve, no flow', () => {
    const alarms: FlowAlarm[] = [];
    const f = new FlowFaults(DEFAULT_FLOW_FAULTS, (a) => alarms.push(a));
    f.observe('v1', 0, 3, false);
    f.observe('v1', 5 * 60_000, 3, false);
    expect(alarms).toEqual([]);
    f.observe('v1', 10 * 60_000, 3, false);
    expect(alarms[0]).toMatchObject({ type: 'irrigation.leak', active: true });
    f.observe('v1', 11 * 60_000, 0, false);
    expect(alarms[1]).toMatchObject({ type: 'irrigation.leak', active: false });
    f.observe('v1', 12 * 60_000, 0, true);
    f.observe('v1', 17 * 60_000, 0.1, true);
    expect(alarms[2]).toMatchObject({ type: 'irrigation.no_flow', active: true });
  });
});
