/**
 * Fuzz the edge network server's uplink path with 30,000 frames: random bytes, truncations and
 * bit flips of valid frames of registered devices. Only genuine frames may reach onFrame; every
 * other one is counted by cause; nothing throws. (The radio side is out of scope here: transmit
 * is a stub that reports success; network-server.test.ts covers downlinks over real UDP.)
 */
import { expect, it } from 'vitest';
import { SimulatedClock } from '../../src/clock/simulated-clock';
import { EdgeNetworkServer, type LorawanFrame } from '../../src/lorawan/network-server';
import { DeviceRegistry } from '../../src/lorawan/registry';
import { MemorySessionStorage } from '../../src/lorawan/storage';
import type { RxPacket } from '../../src/semtech-udp/rxpk';
import { VirtualLorawanDevice } from '../../src/virtual/lorawan-device';

const abp = { devAddr: '26011bda', nwkSKey: '44024241ed4ce9a68c6a8bc055233fd3', appSKey: 'ec925802ae430ca77fd3dd73cb2cc588' };
const APP_KEY = '2b7e151628aed2a6abf7158809cf4f3c';

it('30,000 hostile frames: only genuine ones are delivered, the rest counted by cause', () => {
  const clock = new SimulatedClock();
  const frames: LorawanFrame[] = [];
  const ns = new EdgeNetworkServer({
    clock,
    registry: new DeviceRegistry([
      { id: 'abp', devEui: '0000000000000001', deviceClass: 'A', activation: { mode: 'abp', ...abp } },
      { id: 'otaa', devEui: '0000000000000002', deviceClass: 'A', activation: { mode: 'otaa', joinEui: '0000000000000000', appKey: APP_KEY } },
    ]),
    storage: new MemorySessionStorage(),
    transmit: async () => ({ status: 'ok' }),
    onFrame: (f) => {
      frames.push(f);
    },
    isClockTrusted: () => true,
    dedupWindowMs: 0,
  });
  const dev = new VirtualLorawanDevice({ devEui: '0000000000000001', abp });
  const joiner = new VirtualLorawanDevice({ devEui: '0000000000000002', otaa: { joinEui: '0000000000000000', appKey: APP_KEY } });
  let seed = 99;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
  const rx = (data: Buffer): RxPacket => ({ gatewayEui: 'aa555a0000000001', tmst: rnd(2 ** 32), freq: 868.1, modu: 'LORA', datr: 'SF7BW125', rssi: -90, lsnr: 3, stat: 1, data });
  let genuine = 0;
  for (let i = 0; i < 30_000; i++) {
    const kind = rnd(4);
    let data: Buffer;
    if (kind === 0) {
      data = Buffer.alloc(rnd(60));
      for (let j = 0; j < data.length; j++) data[j] = rnd(256);
    } else {
      data = Buffer.from(rnd(10) === 0 ? joiner.joinRequest() : dev.uplink({ fPort: 1 + rnd(200), payload: Buffer.alloc(rnd(20), i & 0xff) }));
      if (kind === 1) data = data.subarray(0, rnd(data.length));
      else if (kind === 2) data[rnd(data.length)]! ^= 1 << rnd(8);
      else if (data[0] !== 0) genuine++; // untouched data frame
    }
    ns.handleUplink(rx(data));
    clock.advance(1);
  }
  const m = ns.metrics();
  expect(frames).toHaveLength(genuine);
  expect(frames.every((f) => f.deviceId === 'abp')).toBe(true);
  expect(Object.keys(m.rejected)).toEqual(expect.arrayContaining(['frame-error', 'bad-mic', 'unknown-devaddr']));
  expect(m.rejected['handler-error']).toBeUndefined();
});
