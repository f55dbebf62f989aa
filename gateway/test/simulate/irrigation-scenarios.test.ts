import { describe, expect, it } from 'vitest';
import { angers, simulate } from './base';

const waterOnly = (simulation: Record<string, unknown>, irrigation: Record<string, unknown> = {}) => {
  const base = angers({ simulation });
  return { ...base, rules: { lighting: { enabled: false }, irrigation: { ...base.rules.irrigation, ...irrigation } } };
};
const SUMMER = '2026-07-10T12:00:00Z';
const NEXT = '2026-07-11T12:00:00Z';

describe('simulate: irrigation', () => {
  it('a dry night: waters within the window, each opening with a self-close, never above the daily cap', async () => {
    const r = await simulate(waterOnly({}), SUMMER, NEXT);
    const z = r.irrigation['lawn-1'];
    expect(z.waterings).toBeGreaterThan(0);
    expect(z.waterUsedL).toBeGreaterThan(0);
    expect(z.waterUsedL).toBeLessThanOrEqual(2000);
    expect(r.commands.byOutcome.failed ?? 0).toBe(0);
  });

  it('class A valves (a downlink heard after the next uplink, which still shows the old state): three dry nights, never above the daily cap', async () => {
    const r = await simulate(waterOnly({ valve_class: 'A', valve_report_min: 20, soil: { initial_vwc: 12, dry_per_day: 6 } }, {
      zones: { 'lawn-1': { kind: 'lawn', start: 20, stop: 35, windows: ['22:00-06:00'], max_open_min: 30, max_volume_l: 300, daily_cap_l: 400, area_m2: 200 } },
    }), SUMMER, '2026-07-13T12:00:00Z');
    const z = r.irrigation['lawn-1'];
    expect(z.waterings).toBeGreaterThan(3);
    expect(z.skips.map((s) => s.reason)).toContain('daily_cap');
    expect(z.waterUsedL).toBeGreaterThan(2 * 400);
    expect(z.waterUsedL).toBeLessThanOrEqual(3 * 400);
  });

  it('a restart mid-night does not reset the daily cap (volumes replayed from the stored valve reports)', async () => {
    const r = await simulate(waterOnly({ restart_at: ['2026-07-10T21:30:00Z'], soil: { initial_vwc: 12, dry_per_day: 6 } }, {
      zones: { 'lawn-1': { kind: 'lawn', start: 20, stop: 35, windows: ['22:00-06:00'], max_open_min: 30, max_volume_l: 300, daily_cap_l: 400, area_m2: 200 } },
    }), SUMMER, NEXT);
    const z = r.irrigation['lawn-1'];
    expect(z.waterUsedL).toBeGreaterThan(300);
    expect(z.waterUsedL).toBeLessThanOrEqual(400);
  });

  it('a rainy day: 12 mm in the afternoon → the night cycle is skipped for rain, no water used', async () => {
    const r = await simulate(waterOnly({ rain: [{ from: '2026-07-10T13:00:00Z', to: '2026-07-10T16:00:00Z', mm_per_h: 4 }] }), SUMMER, NEXT);
    const z = r.irrigation['lawn-1'];
    expect(z.waterUsedL).toBe(0);
    expect(z.skips.map((s) => s.reason)).toContain('rain');
  });

  it('a drought-crisis week set remotely: no watering at all, a drought_ban skip every day, the level survives a restart', async () => {
    const r = await simulate(waterOnly({
      drought: [{ at: '2026-07-10T12:00:00Z', level: 'crise' }],
      restart_at: ['2026-07-13T12:00:00Z'],
    }), SUMMER, '2026-07-17T12:00:00Z');
    const z = r.irrigation['lawn-1'];
    expect(z.waterUsedL).toBe(0);
    expect(z.waterings).toBe(0);
    const days = new Set(z.skips.filter((s) => s.reason === 'drought_ban').map((s) => s.at.slice(0, 10)));
    expect(days.size).toBeGreaterThanOrEqual(7);
  });

  it('a probe dying mid-season: watering stops once it is stale (no fallback), skip stale_probe', async () => {
    const r = await simulate(waterOnly({ faults: [{ device: 'probe-1', kind: 'dies', at: '2026-07-10T12:30:00Z' }] }), SUMMER, NEXT);
    const z = r.irrigation['lawn-1'];
    expect(z.waterUsedL).toBe(0);
    expect(z.skips.map((s) => s.reason)).toContain('stale_probe');
  });

  it('…and with a reduced fallback schedule configured, one short fallback watering', async () => {
    const r = await simulate(waterOnly({ faults: [{ device: 'probe-1', kind: 'dies', at: '2026-07-10T12:30:00Z' }] }, {
      zones: { 'lawn-1': { kind: 'lawn', start: 20, stop: 28, area_m2: 200, fallback: { duration_min: 10, every_days: 1 } } },
    }), SUMMER, NEXT);
    const z = r.irrigation['lawn-1'];
    expect(z.waterings).toBe(1);
    expect(z.waterUsedL).toBe(180); // 10 min × 18 L/min
  });

  it('a valve that never reports closed: close re-asserted, then a critical actuator_unresponsive alarm', async () => {
    const r = await simulate(waterOnly({ faults: [{ device: 'valve-1', kind: 'stuck_open', at: '2026-07-10T12:00:00Z' }] }), SUMMER, NEXT);
    expect(r.alarms.map((a) => [a.type, a.deviceId])).toContainEqual(['governor.actuator_unresponsive', 'valve-1']);
    expect(r.commands.byOutcome.failed).toBeGreaterThanOrEqual(1);
  });

  it('boot with an untrusted clock: no watering (fails closed) until the clock is trusted', async () => {
    const r = await simulate(waterOnly({ clock_untrusted: [{ from: SUMMER, to: '2026-07-11T02:00:00Z' }] }), SUMMER, NEXT);
    const z = r.irrigation['lawn-1'];
    expect(z.skips[0]).toMatchObject({ reason: 'clock_untrusted' });
    expect(z.waterings).toBeGreaterThan(0); // after 02:00Z, still inside the 22:00-06:00 local window
    expect(r.modes.map((m) => m.mode)).toEqual(['clock_untrusted', 'online']);
  });
});
