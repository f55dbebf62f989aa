import { describe, expect, it } from 'vitest';
import { InFlightOpenings } from '../../src/rules/irrigation/in-flight';

const MIN = 60_000;
const T = Date.parse('2026-07-10T21:00:00Z');

describe('InFlightOpenings (daily cap hold-back)', () => {
  it('a class A valve whose first uplink comes after the self-close time still shows the old state: nothing released', () => {
    const f = new InFlightOpenings();
    f.reported('v1', T - 10 * MIN, false, 1000);
    f.commanded('v1', 'z1', 300, T, T + 30 * MIN, '2026-07-10');
    f.reported('v1', T + 45 * MIN, false, 1000); // carries the downlink: the valve opens only now
    expect(f.litres('z1', '2026-07-10')).toBe(300);
    f.reported('v1', T + 60 * MIN, true, 1200);
    expect(f.litres('z1', '2026-07-10')).toBe(100); // what it may still deliver
    f.reported('v1', T + 75 * MIN, false, 1300);
    expect(f.litres('z1', '2026-07-10')).toBe(0);
  });

  it('released by a closed report after the self-close time once the valve has had its downlink, by the counter, or at the next irrigation day', () => {
    const f = new InFlightOpenings();
    f.commanded('v1', 'z1', 300, T, T + 30 * MIN, '2026-07-10');
    f.reported('v1', T + 5 * MIN, false);
    f.reported('v1', T + 35 * MIN, false); // opening lost, or over between two reports
    expect(f.litres('z1', '2026-07-10')).toBe(0);
    f.reported('v2', T, false, 50);
    f.commanded('v2', 'z1', 200, T, T + 30 * MIN, '2026-07-10');
    f.reported('v2', T + 10 * MIN, false, 250); // self-closed on volume between two reports
    expect(f.litres('z1', '2026-07-10')).toBe(0);
    f.commanded('v3', 'z1', 200, T, T + 30 * MIN, '2026-07-10');
    expect(f.litres('z1', '2026-07-10')).toBe(200);
    expect(f.litres('z1', '2026-07-11')).toBe(0);
  });
});
