import { describe, expect, it } from 'vitest';
import { AstroClock } from '../../src/rules/lighting/astro';
import { LuxSwitch } from '../../src/rules/lighting/lux-switch';
import type { Profile } from '../../src/rules/lighting/types';
import { ANGERS, clock, group, lamp, levelAt, paris } from './lighting-fixtures';

const astro = new AstroClock(ANGERS);
const D = '2026-12-21';
const NEXT = '2026-12-22';

const RESIDENTIAL: Profile = {
  name: 'residential',
  onLevel: 80,
  steps: [],
  offWindows: [{ from: clock(1), to: clock(5) }],
};

describe('desiredLevel: programs', () => {
  it('night switch-off window → 0, reason program; never-off class keeps its floor', () => {
    expect(levelAt(group({ profile: RESIDENTIAL }), paris(NEXT, 2), {}, astro)).toMatchObject({ level: 0, reason: 'program' });
    expect(levelAt(group({ profile: RESIDENTIAL }), paris(NEXT, 0, 30), {}, astro).level).toBe(80);
    const crossing = levelAt(group({ profile: RESIDENTIAL, neverOffFloor: 30 }), paris(NEXT, 2), {}, astro);
    expect(crossing.level).toBe(30);
    expect(crossing.why).toMatch(/never-off floor/);
    expect(levelAt(group({ profile: RESIDENTIAL, neverOffFloor: 30 }), paris(D, 13), {}, astro).level).toBe(0);
  });

  it('gradual dimming: 100 → 50 % linearly between 01:00 and 06:00 (city centre)', () => {
    const centre: Profile = { name: 'centre', onLevel: 100, steps: [{ at: clock(1), level: 50, fadeMin: 300 }], offWindows: [] };
    const g = group({ profile: centre });
    expect(levelAt(g, paris(NEXT, 0, 59), {}, astro).level).toBe(100);
    expect(levelAt(g, paris(NEXT, 3, 30), {}, astro).level).toBe(75);
    expect(levelAt(g, paris(NEXT, 6, 30), {}, astro).level).toBe(50);
  });

  it('steps relative to virtual midnight (middle of the burn time) and to sunset', () => {
    const p: Profile = {
      name: 'vm',
      onLevel: 90,
      steps: [
        { at: { kind: 'sunset', offsetMin: 60 }, level: 70, fadeMin: 0 },
        { at: { kind: 'midnight', offsetMin: -60 }, level: 30, fadeMin: 0 },
        { at: { kind: 'midnight', offsetMin: 60 }, level: 70, fadeMin: 0 },
      ],
      offWindows: [],
    };
    const n = astro.night(D);
    const g = group({ profile: p });
    expect(levelAt(g, n.sunset + 30 * 60_000, {}, astro).level).toBe(90);
    expect(levelAt(g, n.sunset + 61 * 60_000, {}, astro).level).toBe(70);
    expect(levelAt(g, n.virtualMidnight, {}, astro).level).toBe(30);
    expect(levelAt(g, n.virtualMidnight + 61 * 60_000, {}, astro).level).toBe(70);
    expect(n.virtualMidnight - n.on).toBe(n.off - n.virtualMidnight);
  });

  it('calendar exceptions: highest priority wins, weekdays filter, outside dates use the default profile', () => {
    const fete: Profile = { name: 'fete', onLevel: 100, steps: [], offWindows: [] };
    const low: Profile = { name: 'low', onLevel: 20, steps: [], offWindows: [] };
    const g = group({
      profiles: new Map([['fete', fete], ['low', low], ['district', group().profile!]]),
      exceptions: [
        { name: 'winter-low', from: '2026-12-01', to: '2026-12-31', weekdays: [], profile: 'low', priority: 1 },
        { name: 'christmas', from: '2026-12-24', to: '2026-12-24', weekdays: [], profile: 'fete', priority: 5 },
        { name: 'sundays', from: '2026-01-01', to: '2026-12-31', weekdays: [0], profile: 'fete', priority: 2 },
      ],
    });
    expect(levelAt(g, paris('2026-12-24', 23, 30), {}, astro)).toMatchObject({ level: 100, why: expect.stringMatching(/christmas/) });
    expect(levelAt(g, paris('2026-12-23', 23, 30), {}, astro).level).toBe(20);
    expect(levelAt(g, paris('2026-12-27', 23, 30), {}, astro).level).toBe(100); // a Sunday
    expect(levelAt(g, paris('2027-01-05', 23, 30), {}, astro).level).toBe(40);
  });
});

describe('desiredLevel: fail-safe, sensor, presence, overrides', () => {
  it('no valid program or untrusted clock → default level, day or night', () => {
    const g = group({ profile: undefined, defaultLevel: 100 });
    expect(levelAt(g, paris(NEXT, 2), {}, astro)).toMatchObject({ level: 100, reason: 'default', why: expect.stringMatching(/no valid program/) });
    const configured = group({ defaultLevel: 70 });
    expect(levelAt(configured, paris(D, 13), { clockTrusted: false }, astro)).toMatchObject({ level: 70, reason: 'default' });
    expect(levelAt(configured, paris(D, 13), { clockTrusted: false }, astro, lamp('l', { defaultLevel: 60 })).level).toBe(60);
  });

  it('untrusted clock with a light sensor → the sensor decides (and the override is ignored)', () => {
    const g = group({ sensor: { onLux: 20, offLux: 40, maxShiftMin: 60 } });
    const override = { target: 'lamp-1', level: 10, start: 0, expiry: Number.MAX_SAFE_INTEGER, source: 'hypervisor' };
    expect(levelAt(g, paris(D, 13), { clockTrusted: false, sensorDark: false, override }, astro)).toMatchObject({ level: 0, reason: 'sensor' });
    expect(levelAt(g, paris(D, 13), { clockTrusted: false, sensorDark: true }, astro)).toMatchObject({ level: 100, reason: 'sensor' });
  });

  it('light sensor: dark by day switches on; bright at night only near twilight', () => {
    const g = group({ sensor: { onLux: 20, offLux: 40, maxShiftMin: 60 } });
    const n = astro.night(D);
    expect(levelAt(g, paris(D, 14), { sensorDark: true }, astro)).toMatchObject({ level: 100, reason: 'sensor' });
    expect(levelAt(g, n.on + 20 * 60_000, { sensorDark: false }, astro)).toMatchObject({ level: 0, reason: 'sensor' });
    expect(levelAt(g, paris(NEXT, 1), { sensorDark: false }, astro)).toMatchObject({ level: 40, reason: 'program' });
  });

  it('LuxSwitch: hysteresis between on and off lux, stale → undefined, rejects off ≤ on', () => {
    const s = new LuxSwitch({ onLux: 20, offLux: 40, maxShiftMin: 60 }, 1000);
    s.update(100, 0);
    expect(s.verdict(0)).toBe(false);
    s.update(30, 1);
    expect(s.verdict(1)).toBe(false);
    s.update(10, 2);
    expect(s.verdict(2)).toBe(true);
    s.update(30, 3);
    expect(s.verdict(3)).toBe(true);
    s.update(41, 4);
    expect(s.verdict(4)).toBe(false);
    expect(s.verdict(2000)).toBeUndefined();
    expect(() => new LuxSwitch({ onLux: 40, offLux: 40, maxShiftMin: 0 }, 1)).toThrow(/off_lux \(40\) must be greater than on_lux \(40\)/);
  });

  it('presence boost: level during hold, fades back linearly, ignored in daylight', () => {
    const g = group({ profile: RESIDENTIAL, presence: { level: 100, holdS: 60, fadeS: 100, propagate: false } });
    const t = paris(NEXT, 0, 10);
    const low = group({ profile: { ...RESIDENTIAL, onLevel: 20 }, presence: g.presence });
    expect(levelAt(low, t + 30_000, { lastPresenceAt: t }, astro)).toMatchObject({ level: 100, reason: 'sensor' });
    expect(levelAt(low, t + 110_000, { lastPresenceAt: t }, astro).level).toBe(60);
    expect(levelAt(low, t + 200_000, { lastPresenceAt: t }, astro)).toMatchObject({ level: 20, reason: 'program' });
    expect(levelAt(g, paris(NEXT, 2), { lastPresenceAt: paris(NEXT, 2) - 1000 }, astro).level).toBe(100); // even in the switch-off window
    expect(levelAt(g, paris(D, 13), { lastPresenceAt: paris(D, 13) - 1000 }, astro).level).toBe(0);
  });

  it('override: applies between start and expiry, then the program resumes; never below the floor', () => {
    const g = group({ neverOffFloor: 30 });
    const now = paris(NEXT, 1);
    const override = { target: 'group:g1', level: 0, start: now - 60_000, expiry: now + 60_000, source: 'hypervisor' };
    expect(levelAt(group(), now, { override }, astro)).toMatchObject({ level: 0, reason: 'override' });
    expect(levelAt(g, now, { override }, astro)).toMatchObject({ level: 30, reason: 'override' });
    expect(levelAt(group(), now + 60_000, { override }, astro)).toMatchObject({ level: 40, reason: 'program' });
    expect(levelAt(group(), now - 120_000, { override }, astro).reason).toBe('program');
  });
});
