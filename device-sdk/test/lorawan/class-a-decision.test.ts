/**
 * A downlink decided in reaction to an uplink (a rule reacting to the committed reading) goes in
 * the RX1 of THAT uplink: the class A decision waits for the delivery (onFrame's promise) plus the
 * data delay, but never past the lead before RX1. Real UDP, simulated concentrators, SimulatedClock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/clock/simulated-clock';
import { ClassADecisions, checkClassATiming } from '../../src/lorawan/class-a-decision';
import { addTmst } from '../../src/lorawan/downlink-plan';
import { CID } from '../../src/lorawan/mac-commands';
import type { LorawanDeviceConfig } from '../../src/lorawan/registry';
import { VirtualLorawanDevice } from '../../src/virtual/lorawan-device';
import { GW1, type Harness, harness } from './harness';

const abp = { devAddr: '26011c00', nwkSKey: '44024241ed4ce9a68c6a8bc055233fd3', appSKey: 'ec925802ae430ca77fd3dd73cb2cc588' };
const valveCfg: LorawanDeviceConfig = { id: 'valve-1', devEui: '70b3d57ed0000010', deviceClass: 'A', activation: { mode: 'abp', ...abp } };
const CLOSE = Buffer.from([0x02, 0x00]);

let h: Harness;
afterEach(() => h?.close());

async function valve() {
  h = await harness([valveCfg]);
  const dev = new VirtualLorawanDevice({ devEui: valveCfg.devEui, abp });
  h.medium.place(dev, { [GW1]: 200 });
  return dev;
}

/** A "pipeline" whose commit takes `commitMs` on the clock, then a subscriber that queues a command. */
function ruleAfterCommit(commitMs: number) {
  h.onFrame.fn = (f) =>
    h.clock.sleep(commitMs).then(async () => {
      await Promise.resolve(); // the rule runs after the commit, asynchronously (governor, journal)
      h.ns.enqueueDownlink(f.deviceId, { fPort: 7, bytes: CLOSE });
    });
}

describe('class A downlink decided by a rule reacting to the uplink', () => {
  it('goes in the RX1 of that uplink (tmst + 1 s), at least 300 ms before RX1', async () => {
    const dev = await valve();
    ruleAfterCommit(40);
    h.medium.transmit(dev, dev.uplink({ fPort: 1, payload: Buffer.from([0x11]) }));
    await h.settle(1200);
    const up = h.frames[0]!;
    const tx = h.gws[0]!.transmissions;
    expect(tx).toHaveLength(1);
    expect(tx[0]!.txpk.tmst).toBe(addTmst(up.radio.tmst, 1_000_000)); // RX1 of the triggering uplink
    expect(tx[0]!.txpk.freq).toBe(up.radio.freq);
    expect(h.medium.delivered.get(dev.devEui)!.map((d) => [d.fPort, [...d.payload]])).toEqual([[7, [...CLOSE]]]);
    expect(h.gws[0]!.leadsUs.every((us) => us >= 300_000)).toBe(true);
    expect(h.ns.metrics().classADecisions).toMatchObject({ ready: 1, deadline: 0 });
    expect(h.storage.pendingDownlinks(valveCfg.devEui)).toHaveLength(0);
  });

  it('a rule past the deadline waits for the next uplink; the ACK and MAC answers still go in RX1', async () => {
    const dev = await valve();
    ruleAfterCommit(800); // the decision deadline is 1000 − 300 ms after the uplink was heard
    h.medium.transmit(dev, dev.uplink({ fPort: 1, payload: Buffer.from([0x11]), confirmed: true, fOpts: Buffer.from([CID.LinkCheck]) }));
    await h.settle(1200);
    const first = h.frames[0]!;
    let tx = h.gws[0]!.transmissions;
    expect(tx).toHaveLength(1);
    expect(tx[0]!.txpk.tmst).toBe(addTmst(first.radio.tmst, 1_000_000));
    let got = h.medium.delivered.get(dev.devEui)!;
    expect(got).toHaveLength(1);
    expect(got[0]!.ack).toBe(true);
    expect(got[0]!.fPort).toBeUndefined(); // ACK + LinkCheckAns only: the slow rule's command was not there yet
    expect(got[0]!.fOpts[0]).toBe(CID.LinkCheck);
    expect(h.gws[0]!.leadsUs[0]).toBeGreaterThanOrEqual(300_000);
    expect(h.ns.metrics().classADecisions).toMatchObject({ ready: 0, deadline: 1 });
    expect(h.storage.pendingDownlinks(valveCfg.devEui)).toHaveLength(1); // queued by the slow rule

    h.onFrame.fn = undefined;
    h.medium.transmit(dev, dev.uplink({ fPort: 1, payload: Buffer.from([0x12]) }));
    await h.settle(1200);
    tx = h.gws[0]!.transmissions;
    expect(tx).toHaveLength(2);
    expect(tx[1]!.txpk.tmst).toBe(addTmst(h.frames[1]!.radio.tmst, 1_000_000));
    got = h.medium.delivered.get(dev.devEui)!;
    expect(got.map((d) => [d.fPort, [...d.payload]])).toEqual([[undefined, []], [7, [...CLOSE]]]);
    expect(h.storage.pendingDownlinks(valveCfg.devEui)).toHaveLength(0);
  });

  it('nothing is sent for an unconfirmed uplink when no rule queues anything; stop drops waiting windows', async () => {
    const dev = await valve();
    h.onFrame.fn = () => new Promise(() => {}); // a delivery that never settles
    h.medium.transmit(dev, dev.uplink({ fPort: 1, payload: Buffer.from([0x11]) }));
    await h.settle(1200);
    expect(h.gws[0]!.transmissions).toHaveLength(0);
    expect(h.ns.metrics().classADecisions).toMatchObject({ deadline: 1, waiting: 0 });

    h.medium.transmit(dev, dev.uplink({ fPort: 1, payload: Buffer.from([0x12]), confirmed: true }));
    await h.settle(250); // dedup closed, decision waiting
    expect(h.ns.metrics().classADecisions.waiting).toBe(1);
    h.ns.stop();
    await h.settle(1200);
    expect(h.gws[0]!.transmissions).toHaveLength(0);
    expect(h.ns.metrics().classADecisions).toMatchObject({ cancelled: 1, waiting: 0 });
  });
});

describe('ClassADecisions timing', () => {
  const heard = (clock: SimulatedClock) => ({ heardAtMono: clock.monotonic(), rxDelayMs: 1000 });

  it('decides data-delay ms after delivery, and at the deadline when delivery is late', async () => {
    const clock = new SimulatedClock();
    const d = new ClassADecisions(clock, checkClassATiming({ dataDelayMs: 100, leadMs: 300 }));
    const causes: Array<[string, number]> = [];
    let deliver!: () => void;
    d.schedule({ ...heard(clock), ready: new Promise<void>((r) => (deliver = r)), decide: (c) => causes.push([c, clock.monotonic()]) });
    clock.advance(50);
    deliver();
    await Promise.resolve();
    clock.advance(99);
    expect(causes).toEqual([]);
    clock.advance(1);
    expect(causes).toEqual([['ready', 150]]);

    d.schedule({ ...heard(clock), ready: new Promise(() => {}), decide: (c) => causes.push([c, clock.monotonic()]) });
    clock.advance(2000);
    expect(causes[1]).toEqual(['deadline', 850]); // 150 + 1000 − 300
    expect(clock.pendingTimers()).toBe(0);
  });

  it('decides at once when the deadline has already passed (long dedup window)', () => {
    const clock = new SimulatedClock();
    const d = new ClassADecisions(clock, checkClassATiming({}));
    const at = clock.monotonic();
    clock.advance(750);
    const causes: string[] = [];
    d.schedule({ heardAtMono: at, rxDelayMs: 1000, ready: new Promise(() => {}), decide: (c) => causes.push(c) });
    expect(causes).toEqual(['deadline']);
  });

  it('refuses timings outside 0..1000 ms, naming the option', () => {
    expect(() => checkClassATiming({ dataDelayMs: -1 })).toThrow(/downlinkDataDelayMs must be 0\.\.1000 ms.*got -1/);
    expect(() => checkClassATiming({ leadMs: 5000 })).toThrow(/downlinkLeadMs must be 0\.\.1000 ms.*got 5000/);
  });
});
