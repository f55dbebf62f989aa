import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/clock/simulated-clock';
import { loraAirtimeMs } from '../../src/lorawan/airtime';
import { addTmst, classAPlans, classCPlan } from '../../src/lorawan/downlink-plan';
import { DutyCycleTracker } from '../../src/lorawan/duty-cycle';
import { decodeCfList, encodeCfList, EU868 } from '../../src/lorawan/region';
import { DeviceRegistry, RegistryError } from '../../src/lorawan/registry';
import type { RxPacket } from '../../src/semtech-udp/rxpk';

describe('LoRa airtime', () => {
  it('matches the Semtech calculator for common cases', () => {
    // 13-byte uplink at SF7BW125 with CRC: 46.336 ms; SF12BW125: 1155.072 ms.
    expect(loraAirtimeMs(13, 7, 125, { crc: true })).toBeCloseTo(46.336, 2);
    expect(loraAirtimeMs(13, 12, 125, { crc: true })).toBeCloseTo(1155.072, 2);
  });
});

describe('EU868 duty cycle', () => {
  it('allows 1 % per hour in g1, refuses past it with the time it frees up, and recovers', () => {
    const clock = new SimulatedClock();
    const dc = new DutyCycleTracker(clock, EU868);
    for (let i = 0; i < 36; i++) {
      expect(dc.check(868.1, 1000).ok).toBe(true);
      dc.record(868.1, 1000);
      clock.advance(10_000);
    }
    const refused = dc.check(868.1, 1000);
    expect(refused).toMatchObject({ ok: false, reason: expect.stringContaining('g1 (868.0-868.6) (1 %) exhausted') });
    expect(dc.check(869.525, 1000).ok).toBe(true); // g3 (10 %) is a separate budget
    clock.advance((refused as { retryAfterMs: number }).retryAfterMs);
    expect(dc.check(868.1, 1000).ok).toBe(true);
  });
  it('refuses frequencies outside every sub-band and transmissions longer than a whole budget', () => {
    const dc = new DutyCycleTracker(new SimulatedClock(), EU868);
    expect(dc.check(915.0, 10)).toMatchObject({ ok: false, reason: expect.stringContaining('outside every EU868 sub-band') });
    expect(dc.check(868.8, 4000)).toMatchObject({ ok: false, reason: expect.stringContaining('exceeds the whole') });
  });
});

describe('downlink plans', () => {
  const rx = { gatewayEui: 'g', tmst: 4_294_000_000, freq: 868.3, modu: 'LORA', datr: 'SF10BW125', rssi: -100, stat: 1, data: Buffer.alloc(0) } as RxPacket;
  it('RX1 uses the uplink frequency and DR minus the offset; RX2 869.525 MHz one second later; tmst wraps', () => {
    const [rx1, rx2] = classAPlans(EU868, rx, Buffer.alloc(20), { delayMs: 1000, rx1DrOffset: 1, rx2DataRate: 0 });
    expect(rx1!.txpk).toMatchObject({ freq: 868.3, datr: 'SF11BW125', tmst: addTmst(rx.tmst, 1_000_000), ipol: true, powe: 14 });
    expect(rx1!.txpk.tmst).toBe((4_294_000_000 + 1_000_000) % 2 ** 32);
    expect(rx2!.txpk).toMatchObject({ freq: 869.525, datr: 'SF12BW125', tmst: (4_294_000_000 + 2_000_000) % 2 ** 32 });
  });
  it('RX1 DR offset never goes below DR0; class C is immediate on RX2', () => {
    const [rx1] = classAPlans(EU868, { ...rx, datr: 'SF12BW125' }, Buffer.alloc(5), { delayMs: 1000, rx1DrOffset: 5, rx2DataRate: 3 });
    expect(rx1!.txpk.datr).toBe('SF12BW125');
    expect(classCPlan(EU868, Buffer.alloc(5), 3).txpk).toMatchObject({ imme: true, freq: 869.525, datr: 'SF9BW125' });
  });
});

describe('DeviceRegistry validation', () => {
  it('names the device, the field and what is allowed, and never echoes keys', () => {
    const good = { id: 'x', devEui: '0011223344556677', deviceClass: 'A' as const, activation: { mode: 'otaa' as const, joinEui: '0000000000000000', appKey: '00'.repeat(16) } };
    expect(() => new DeviceRegistry([good, { ...good, id: 'y', activation: { ...good.activation, appKey: 'secretsecret' } }])).toThrow(
      'devices[1].activation.appKey: got 12 characters; expected 32 hex digits',
    );
    expect(() => new DeviceRegistry([{ ...good, devEui: 'zz' }])).toThrow('devices[0].devEui: got "zz"; expected 16 hex digits');
    expect(() => new DeviceRegistry([good, { ...good, id: 'y' }])).toThrow(RegistryError);
    expect(() => new DeviceRegistry([{ ...good, deviceClass: 'B' as 'A' }])).toThrow('expected "A" or "C"');
  });
});

describe('CFList', () => {
  it('encodes frequencies in 100 Hz units, little-endian (867.1 MHz = 0x844F18), type 0, and decodes back', () => {
    const b = encodeCfList([867.1, 867.3, 867.5, 867.7, 867.9]);
    expect([...b]).toEqual([24, 79, 132, 232, 86, 132, 184, 94, 132, 136, 102, 132, 88, 110, 132, 0]);
    expect(decodeCfList(b)).toEqual([867.1, 867.3, 867.5, 867.7, 867.9]);
    expect(() => encodeCfList([1, 2, 3, 4, 5, 6])).toThrow('at most 5');
  });
});
