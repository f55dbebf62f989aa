import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../src/clock/index';
import { DEMO_SITE, type FleetUplink, VirtualFleet, demoFleet } from '../src/virtual/fleet-index';

function runDay(speed = 1, startupSpreadMs = 10_000): FleetUplink[] {
  // 2026-06-21 00:00 Paris time (UTC+2).
  const clock = new SimulatedClock(Date.UTC(2026, 5, 20, 22, 0));
  const uplinks: FleetUplink[] = [];
  const fleet = new VirtualFleet({ clock, site: DEMO_SITE, devices: demoFleet(), speed, seed: 7, startupSpreadMs, onUplink: (u) => uplinks.push(u) });
  fleet.start();
  clock.advance(86_400_000 / speed - 1);
  fleet.stop();
  expect(clock.pendingTimers()).toBe(0);
  return uplinks;
}

const parisHour = (at: number) => Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', hourCycle: 'h23' }).format(at));

describe('virtual demo fleet', () => {
  it('has the demo inventory: 24 lamps in 3 groups incl. a never-off crossing, and every sensor class', () => {
    const count = (pred: (d: ReturnType<typeof demoFleet>[number]) => boolean) => demoFleet().filter(pred).length;
    expect(count((d) => d.type === 'lamp')).toBe(24);
    expect(new Set(demoFleet().filter((d) => d.type === 'lamp').map((d) => d.group))).toEqual(new Set(['centre', 'residential', 'crossing']));
    expect([count((d) => d.type === 'light_sensor'), count((d) => d.type === 'presence_sensor'), count((d) => d.type === 'soil_probe')]).toEqual([2, 4, 3]);
    expect([count((d) => d.type === 'valve'), count((d) => d.type === 'rain_gauge'), count((d) => d.type === 'water_meter')]).toEqual([2, 1, 1]);
  });

  it('reports at realistic intervals with day/night-plausible values', () => {
    const uplinks = runDay();
    const of = (id: string) => uplinks.filter((u) => u.deviceId === id);
    expect(of('lamp-centre-01')).toHaveLength(96); // every 15 min
    expect(of('soil-01')).toHaveLength(48); // every 30 min
    const lampAt = (id: string, hour: number) => of(id).find((u) => parisHour(u.at) === hour)!.data.dim_level;
    expect(lampAt('lamp-centre-01', 13)).toBe(0);
    expect(lampAt('lamp-centre-01', 3)).toBe(50);
    expect(lampAt('lamp-resid-01', 3)).toBe(0);
    expect(lampAt('lamp-crossing-01', 3)).toBe(100);
    const luxAt = (hour: number) => of('light-01').find((u) => parisHour(u.at) === hour)!.data.illuminance as number;
    expect(luxAt(14)).toBeGreaterThan(10_000);
    expect(luxAt(2)).toBeLessThan(1);
  });

  it('speed N compresses the same simulated day N times, with the same values', () => {
    const slow = runDay(1, 0).filter((u) => u.deviceId === 'lamp-resid-03').map((u) => u.data.dim_level);
    const fast = runDay(60, 0).filter((u) => u.deviceId === 'lamp-resid-03').map((u) => u.data.dim_level);
    expect(fast).toEqual(slow);
  });
});
