import { SimulatedClock } from '@ardoise/device-sdk';
import { expect, it } from 'vitest';
import { gpsTimeCheck } from '../../src/lorawan/gps-time';

const GPS_EPOCH = Date.UTC(1980, 0, 6);
const rx = (tmms?: number) => ({ gatewayEui: 'g1', tmst: 1, freq: 868.1, modu: 'LORA' as const, datr: 'SF7BW125', rssi: -80, stat: 1, data: Buffer.alloc(0), ...(tmms !== undefined ? { tmms } : {}) });

function setup(now: number) {
  const clock = new SimulatedClock(now);
  const confirmed: string[] = [];
  const warnings: object[] = [];
  const log = { warn: (o: object) => warnings.push(o), info() {}, error() {}, debug() {} } as never;
  return { clock, confirmed, warnings, check: gpsTimeCheck({ clock, confirmTime: (s) => confirmed.push(s), log }) };
}

it('confirms the clock when concentrator GPS time agrees, at most once per interval', () => {
  const now = Date.UTC(2026, 10, 23, 12);
  const { clock, confirmed, check } = setup(now);
  const tmms = now - GPS_EPOCH + 18_000 - 300; // GPS is 18 s ahead of UTC; 300 ms transit
  check(rx());
  expect(confirmed).toEqual([]); // no GPS reference, nothing to say
  check(rx(tmms));
  check(rx(tmms));
  expect(confirmed).toEqual(['gps:g1']);
  clock.advance(60_000);
  check(rx(tmms + 60_000));
  expect(confirmed).toHaveLength(2);
});

it('does not confirm a clock that disagrees with GPS, and says by how much', () => {
  const now = Date.UTC(1970, 0, 2); // a Pi booted without RTC nor NTP
  const { confirmed, warnings, check } = setup(now);
  check(rx(Date.UTC(2026, 10, 23) - GPS_EPOCH + 18_000));
  expect(confirmed).toEqual([]);
  expect(warnings[0]).toMatchObject({ gatewayEui: 'g1', gpsTime: '2026-11-23T00:00:00.000Z' });
});
