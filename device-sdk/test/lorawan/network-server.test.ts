import { afterEach, describe, expect, it } from 'vitest';
import { CID, parseDeviceTimeAns } from '../../src/lorawan/mac-commands';
import { decodeCfList, EU868 } from '../../src/lorawan/region';
import type { LorawanDeviceConfig } from '../../src/lorawan/registry';
import { VirtualLorawanDevice } from '../../src/virtual/lorawan-device';
import { GW1, GW2, type Harness, harness } from './harness';

const APP_KEY = '2b7e151628aed2a6abf7158809cf4f3c';
const otaaCfg: LorawanDeviceConfig = { id: 'soil-1', devEui: '70b3d57ed0000001', deviceClass: 'A', activation: { mode: 'otaa', joinEui: '70b3d57ed0000000', appKey: APP_KEY } };
const abp = { devAddr: '26011bda', nwkSKey: '44024241ed4ce9a68c6a8bc055233fd3', appSKey: 'ec925802ae430ca77fd3dd73cb2cc588' };
const lampCfg: LorawanDeviceConfig = { id: 'lamp-1', devEui: '70b3d57ed0000002', deviceClass: 'C', activation: { mode: 'abp', ...abp } };

let h: Harness;
afterEach(() => h?.close());

function otaaDevice(devNonce = 0) {
  return new VirtualLorawanDevice({ devEui: otaaCfg.devEui, otaa: { joinEui: '70b3d57ed0000000', appKey: APP_KEY }, devNonce });
}

async function joined(dev: VirtualLorawanDevice) {
  h.medium.place(dev, { [GW1]: 300, [GW2]: 2500 });
  h.medium.transmit(dev, dev.joinRequest());
  await h.settle(); // dedup closes, join-accept scheduled at tmst + 5 s
  await h.settle(5000); // RX1 of the join-accept
  expect(dev.joined).toBe(true);
}

describe('EdgeNetworkServer over GWMP with simulated concentrators', () => {
  it('OTAA join, deduplicated confirmed uplink with best radio kept, ACK in RX1 at tmst + 1 s', async () => {
    h = await harness([otaaCfg]);
    const dev = otaaDevice();
    await joined(dev);
    expect(h.ns.metrics().joins).toBe(1);
    expect(decodeCfList(dev.cfList!)).toEqual([867.1, 867.3, 867.5, 867.7, 867.9]); // the 8-channel plan

    const heard = h.medium.transmit(dev, dev.uplink({ fPort: 10, payload: Buffer.from([1, 2, 3]), confirmed: true }));
    expect(heard).toBe(2);
    await h.settle();
    expect(h.frames).toHaveLength(1);
    const f = h.frames[0]!;
    expect(f).toMatchObject({ deviceId: 'soil-1', devEui: otaaCfg.devEui, fPort: 10, fCnt: 0, confirmed: true });
    expect([...f.bytes]).toEqual([1, 2, 3]);
    expect(f.radio.gateways).toHaveLength(2);
    expect(f.radio.gatewayEui).toBe(GW1); // nearer concentrator: better SNR
    expect(h.ns.metrics().duplicates).toBe(2); // the join-request and this uplink were each heard twice

    await h.settle(1000);
    const dl = h.medium.delivered.get(dev.devEui)!;
    expect(dl).toHaveLength(1);
    expect(dl[0]).toMatchObject({ ack: true, fCnt: 0 });
    const tx = h.gws[0]!.transmissions.at(-1)!;
    expect(tx.txpk.freq).toBeGreaterThan(868); // RX1: uplink frequency
    expect(tx.txpk.datr).toBe('SF7BW125');
  });

  it('rejects replayed frames, reused DevNonces and bad MICs by cause, and never delivers them', async () => {
    h = await harness([otaaCfg]);
    const dev = otaaDevice();
    await joined(dev);
    const up = dev.uplink({ fPort: 2, payload: Buffer.from('a') });
    h.medium.transmit(dev, up);
    await h.settle();
    h.medium.transmit(dev, dev.uplink({ fPort: 2, payload: Buffer.from('b') }));
    await h.settle();
    h.medium.transmit(dev, up); // an older frame after the dedup window: a replay
    await h.settle();
    const tampered = Buffer.from(dev.uplink({ fPort: 2, payload: Buffer.from('c') }));
    tampered[tampered.length - 1]! ^= 0xff;
    h.medium.transmit(dev, tampered);
    await h.settle();
    const again = otaaDevice(0); // same DevNonce 0 as the first join
    h.medium.place(again, { [GW1]: 100 });
    h.medium.transmit(again, again.joinRequest());
    await h.settle();
    expect(h.frames).toHaveLength(2);
    expect(h.ns.metrics().rejected).toEqual({ replay: 1, 'bad-mic': 1, 'devnonce-reused': 1 });
    expect(h.ns.metrics().joins).toBe(1);
  });

  it('class A queue goes out after the next uplink; RX2 is used when the concentrator refuses RX1', async () => {
    h = await harness([otaaCfg]);
    const dev = otaaDevice();
    await joined(dev);
    const item = h.ns.enqueueDownlink('soil-1', { fPort: 5, bytes: Buffer.from([0xaa]) });
    h.gws[0]!.failNextTx('COLLISION_PACKET');
    h.medium.transmit(dev, dev.uplink({ fPort: 2, payload: Buffer.from('x') }));
    await h.settle();
    await h.settle(2000);
    const dl = h.medium.delivered.get(dev.devEui)!;
    expect(dl.map((d) => [d.fPort, [...d.payload]])).toEqual([[5, [0xaa]]]);
    const tx = h.gws[0]!.transmissions.at(-1)!;
    expect(tx.txpk.freq).toBe(869.525);
    expect(tx.txpk.datr).toBe('SF12BW125');
    expect(h.downlinkEvents).toContainEqual({ deviceId: 'soil-1', id: item.id, status: 'sent', window: 'rx2' });
    expect(h.storage.pendingDownlinks(otaaCfg.devEui)).toHaveLength(0);
  });

  it('class C downlinks go out immediately on RX2 parameters via the last concentrator', async () => {
    h = await harness([lampCfg]);
    const lamp = new VirtualLorawanDevice({ devEui: lampCfg.devEui, abp });
    h.medium.place(lamp, { [GW2]: 200 });
    h.medium.transmit(lamp, lamp.uplink({ fPort: 1, payload: Buffer.from([100]) }));
    await h.settle();
    h.ns.enqueueDownlink('lamp-1', { fPort: 3, bytes: Buffer.from([50]) });
    await h.settle(0);
    const tx = h.gws[1]!.transmissions.at(-1)!;
    expect(tx.txpk).toMatchObject({ imme: true, freq: 869.525 });
    expect([...h.medium.delivered.get(lamp.devEui)![0]!.payload]).toEqual([50]);
  });

  it('answers LinkCheckReq always and DeviceTimeReq only while the clock is trusted', async () => {
    h = await harness([lampCfg]);
    const lamp = new VirtualLorawanDevice({ devEui: lampCfg.devEui, abp });
    h.medium.place(lamp, { [GW1]: 500, [GW2]: 900 });
    h.trusted.value = false;
    h.medium.transmit(lamp, lamp.uplink({ fPort: 1, payload: Buffer.from([1]), fOpts: Buffer.from([CID.LinkCheck, CID.DeviceTime]) }));
    await h.settle();
    await h.settle(1000);
    let d = h.medium.delivered.get(lamp.devEui)!.at(-1)!;
    expect(d.fOpts[0]).toBe(CID.LinkCheck);
    expect(d.fOpts[2]).toBe(2); // two gateways heard it
    expect(d.fOpts).toHaveLength(3);
    expect(h.ns.metrics().deviceTimeUnanswered).toBe(1);

    h.trusted.value = true;
    h.medium.transmit(lamp, lamp.uplink({ fPort: 1, payload: Buffer.from([1]), fOpts: Buffer.from([CID.DeviceTime]) }));
    const sentAt = h.clock.now();
    await h.settle();
    await h.settle(1000);
    d = h.medium.delivered.get(lamp.devEui)!.at(-1)!;
    expect(d.fOpts[0]).toBe(CID.DeviceTime);
    expect(Math.abs(parseDeviceTimeAns(d.fOpts.subarray(1)) - sentAt)).toBeLessThan(10);
  });

  it('handles tmst wraparound: RX1 scheduled across 2^32 µs is still on time', async () => {
    h = await harness([lampCfg], { gw: { tmstStart: 0xffffffff - 500_000 } });
    const lamp = new VirtualLorawanDevice({ devEui: lampCfg.devEui, abp });
    h.medium.place(lamp, { [GW1]: 100 });
    h.medium.transmit(lamp, lamp.uplink({ fPort: 1, payload: Buffer.from([1]), confirmed: true }));
    await h.settle();
    await h.settle(1000);
    const tx = h.gws[0]!.transmissions.at(-1)!;
    expect(tx.txpk.tmst).toBeLessThan(1_000_000); // wrapped
    expect(h.medium.delivered.get(lamp.devEui)![0]!.ack).toBe(true);
  });

  it('sessions, counters and the downlink queue survive a restart: a pre-restart frame replayed afterwards is rejected', async () => {
    h = await harness([otaaCfg]);
    const dev = otaaDevice();
    await joined(dev);
    const up = dev.uplink({ fPort: 2, payload: Buffer.from('z') });
    h.medium.transmit(dev, up);
    await h.settle();
    h.medium.transmit(dev, dev.uplink({ fPort: 2, payload: Buffer.from('y') }));
    await h.settle();
    const ns2 = h.restartNs();
    h.medium.transmit(dev, up);
    await h.settle();
    expect(ns2.metrics().rejected).toEqual({ replay: 1 });
    h.medium.transmit(dev, dev.uplink({ fPort: 2, payload: Buffer.from('x'), confirmed: true }));
    await h.settle();
    await h.settle(1000);
    expect(h.frames.map((f) => f.fCnt)).toEqual([0, 1, 2]);
    // The downlink counter continued too: the device accepted the ACK (it refuses a reused FCntDown).
    h.ns.enqueueDownlink('soil-1', { fPort: 9, bytes: Buffer.from([1]) });
    h.restartNs();
    h.medium.transmit(dev, dev.uplink({ fPort: 2, payload: Buffer.from('w') }));
    await h.settle();
    await h.settle(1000);
    expect(h.medium.delivered.get(dev.devEui)!.map((d) => [d.fCnt, d.fPort ?? null])).toEqual([[0, null], [1, 9]]);
  });
});

describe('EdgeNetworkServer retransmissions and operator actions', () => {
  it('a repeated confirmed uplink is ACKed again but delivered once', async () => {
    h = await harness([lampCfg]);
    const lamp = new VirtualLorawanDevice({ devEui: lampCfg.devEui, abp });
    h.medium.place(lamp, { [GW1]: 100 });
    const up = lamp.uplink({ fPort: 1, payload: Buffer.from([7]), confirmed: true });
    h.medium.transmit(lamp, up);
    await h.settle();
    await h.settle(1000);
    h.medium.transmit(lamp, up); // the device missed the ACK and repeats the frame
    await h.settle();
    await h.settle(1000);
    expect(h.frames).toHaveLength(1);
    expect(h.ns.metrics()).toMatchObject({ retransmissions: 1, rejected: {} });
    expect(h.medium.delivered.get(lamp.devEui)!.map((d) => d.ack)).toEqual([true, true]);
  });

  it('resetUplinkCounter lets an ABP device that restarted its counter in again', async () => {
    h = await harness([lampCfg]);
    const lamp = new VirtualLorawanDevice({ devEui: lampCfg.devEui, abp });
    h.medium.place(lamp, { [GW1]: 100 });
    for (let i = 0; i < 3; i++) h.medium.transmit(lamp, lamp.uplink({ fPort: 1, payload: Buffer.from([i]) }));
    await h.settle();
    const rebooted = new VirtualLorawanDevice({ devEui: lampCfg.devEui, abp });
    h.medium.place(rebooted, { [GW1]: 100 });
    h.medium.transmit(rebooted, rebooted.uplink({ fPort: 1, payload: Buffer.from([9]) }));
    await h.settle();
    expect(h.frames).toHaveLength(3);
    h.ns.resetUplinkCounter('lamp-1');
    h.medium.transmit(rebooted, rebooted.uplink({ fPort: 1, payload: Buffer.from([10]) }));
    await h.settle();
    expect(h.frames.map((f) => [...f.bytes][0])).toEqual([0, 1, 2, 10]);
  });
});

describe('EdgeNetworkServer downlink policies', () => {
  it('a confirmed downlink stays queued until the device ACKs it', async () => {
    h = await harness([lampCfg]);
    const lamp = new VirtualLorawanDevice({ devEui: lampCfg.devEui, abp });
    h.medium.place(lamp, { [GW1]: 100 });
    h.medium.transmit(lamp, lamp.uplink({ fPort: 1, payload: Buffer.from([1]) }));
    await h.settle();
    const item = h.ns.enqueueDownlink('lamp-1', { fPort: 4, bytes: Buffer.from([9]), confirmed: true });
    await h.settle(0);
    expect(h.medium.delivered.get(lamp.devEui)![0]!.confirmed).toBe(true);
    expect(h.storage.pendingDownlinks(lampCfg.devEui)).toHaveLength(1);
    h.medium.transmit(lamp, lamp.uplink({ fPort: 1, payload: Buffer.from([2]) })); // carries ACK
    await h.settle();
    expect(h.storage.pendingDownlinks(lampCfg.devEui)).toHaveLength(0);
    expect(h.downlinkEvents).toContainEqual({ deviceId: 'lamp-1', id: item.id, status: 'acked' });
  });

  it('class C: a duty-cycle shortage delays the downlink with a reason until budget frees up', async () => {
    const tight = { ...EU868, subBands: EU868.subBands.map((b) => (b.name.startsWith('g3') ? { ...b, dutyCycle: 0.0005 } : b)) }; // 1.8 s/h
    h = await harness([lampCfg], { ns: { region: tight } });
    const lamp = new VirtualLorawanDevice({ devEui: lampCfg.devEui, abp });
    h.medium.place(lamp, { [GW1]: 100 });
    h.medium.transmit(lamp, lamp.uplink({ fPort: 1, payload: Buffer.from([1]) }));
    await h.settle();
    h.ns.enqueueDownlink('lamp-1', { fPort: 3, bytes: Buffer.alloc(0) }); // ~1 s of air at SF12
    h.ns.enqueueDownlink('lamp-1', { fPort: 3, bytes: Buffer.alloc(0) });
    await h.settle(0);
    expect(h.downlinkEvents.map((e) => e.status)).toEqual(['sent', 'deferred']);
    expect(h.downlinkEvents[1]!.reason).toMatch(/duty cycle of sub-band g3 .* exhausted; retry in 36\d\d s/);
    expect(h.medium.delivered.get(lamp.devEui)).toHaveLength(1);
    await h.settle(3_600_000);
    expect(h.downlinkEvents.map((e) => e.status)).toEqual(['sent', 'deferred', 'sent']);
    expect(h.medium.delivered.get(lamp.devEui)).toHaveLength(2);
    h.ns.enqueueDownlink('lamp-1', { fPort: 3, bytes: Buffer.alloc(40) }); // longer than the whole hourly budget: refused
    await h.settle(0);
    expect(h.downlinkEvents.at(-1)).toMatchObject({ status: 'failed', reason: expect.stringContaining('exceeds the whole g3') });
  });

  it('class C: TX_ACK errors are retried within the limit, then reported to the sender', async () => {
    h = await harness([lampCfg], { ns: { maxDownlinkAttempts: 2, classCRetryMs: 1000 } });
    const lamp = new VirtualLorawanDevice({ devEui: lampCfg.devEui, abp });
    h.medium.place(lamp, { [GW1]: 100 });
    h.medium.transmit(lamp, lamp.uplink({ fPort: 1, payload: Buffer.from([1]) }));
    await h.settle(400); // past the uplink's class A decision (it would carry a still-queued item)
    h.gws[0]!.failNextTx('TX_POWER');
    h.gws[0]!.failNextTx('GPS_UNLOCKED');
    h.ns.enqueueDownlink('lamp-1', { fPort: 3, bytes: Buffer.alloc(1) });
    await h.settle(0);
    await h.settle(1000);
    expect(h.downlinkEvents).toEqual([
      expect.objectContaining({ status: 'deferred', reason: expect.stringContaining('concentrator refused (TX_POWER)') }),
      expect.objectContaining({ status: 'failed', reason: expect.stringMatching(/GPS_UNLOCKED.*after 2 attempt/) }),
    ]);
    expect(h.storage.pendingDownlinks(lampCfg.devEui)).toHaveLength(0);
    expect(h.medium.delivered.get(lamp.devEui)).toBeUndefined();
  });

  it('rejects unknown DevAddrs and counter jumps beyond the allowed gap', async () => {
    h = await harness([lampCfg], { ns: { maxFCntGap: 100 } });
    const lamp = new VirtualLorawanDevice({ devEui: lampCfg.devEui, abp });
    const stranger = new VirtualLorawanDevice({ devEui: '0000000000000099', abp: { ...abp, devAddr: '26000001' } });
    h.medium.place(lamp, { [GW1]: 100 });
    h.medium.place(stranger, { [GW1]: 100 });
    h.medium.transmit(lamp, lamp.uplink({ fPort: 1, payload: Buffer.from([1]) }));
    h.medium.transmit(stranger, stranger.uplink({ fPort: 1, payload: Buffer.from([1]) }));
    await h.settle();
    lamp.fCntUp += 500;
    h.medium.transmit(lamp, lamp.uplink({ fPort: 1, payload: Buffer.from([1]) }));
    await h.settle();
    expect(h.frames).toHaveLength(1);
    expect(h.ns.metrics().rejected).toEqual({ 'unknown-devaddr': 1, 'fcnt-gap': 1 });
  });
});
