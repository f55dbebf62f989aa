/**
 * Fuzz: 100,000 datagrams over a real UDP socket — random bytes, truncations, bit-flipped valid
 * PUSH_DATA, random JSON bodies, unknown versions/types. The server must count every datagram,
 * never throw, and still deliver a valid uplink afterwards.
 */
import { afterAll, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/clock/simulated-clock';
import { PacketType } from '../../src/semtech-udp/gwmp';
import { SemtechUdpServer } from '../../src/semtech-udp/server';
import { gwmp, rawClient, until } from './udp-helpers';

const EUI = 'aa555a0000000001';
const TOTAL = 100_000;
const BATCH = 500;
let seed = 0x2545f491;
const rnd = (n: number) => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % n;
};
const valid = gwmp(2, 1, PacketType.PUSH_DATA, EUI, {
  rxpk: [{ tmst: 1, freq: 868.1, stat: 1, modu: 'LORA', datr: 'SF7BW125', codr: '4/5', rssi: -50, lsnr: 7, size: 17, data: 'QPF9vkkAAgABlUN4disR/w0=' }],
});
const JSON_BITS = ['{', '}', '[', ']', '"rxpk"', '"stat"', ':', ',', '"data"', '"tmst"', '1e999', '-1', 'null', '"\\u0000"', '"QUJD"', 'true'];

function datagram(): Buffer {
  switch (rnd(5)) {
    case 0: {
      const b = Buffer.alloc(rnd(300));
      for (let i = 0; i < b.length; i++) b[i] = rnd(256);
      return b;
    }
    case 1:
      return valid.subarray(0, rnd(valid.length));
    case 2: {
      const b = Buffer.from(valid);
      for (let k = 0; k < 1 + rnd(4); k++) b[rnd(b.length)] ^= 1 << rnd(8);
      return b;
    }
    case 3: {
      let body = '';
      for (let k = 0; k < rnd(20); k++) body += JSON_BITS[rnd(JSON_BITS.length)];
      return gwmp(1 + rnd(2), rnd(65536), rnd(7), EUI, body);
    }
    default:
      return Buffer.from([rnd(256), rnd(256), rnd(256), rnd(256)]);
  }
}

const server = new SemtechUdpServer({ clock: new SimulatedClock(), host: '127.0.0.1', port: 0, recvBufferSize: 4 << 20, onUplink: () => uplinks++ });
let uplinks = 0;
afterAll(() => server.stop());

it(`survives ${TOTAL.toLocaleString('en')} fuzzed datagrams and keeps working`, async () => {
  const { port } = await server.start();
  const c = await rawClient(port);
  try {
    for (let sent = 0; sent < TOTAL; sent += BATCH) {
      for (let i = 0; i < BATCH; i++) c.socket.send(datagram(), port, '127.0.0.1');
      await until(() => server.metrics().datagrams >= sent + BATCH, `datagram ${sent + BATCH}`);
    }
    const m = server.metrics();
    expect(m.datagrams).toBe(TOTAL);
    expect(Object.keys(m.rejected).length).toBeGreaterThan(5);
    const before = uplinks;
    await c.send(valid);
    await until(() => uplinks === before + 1, 'a valid uplink after the fuzz');
  } finally {
    await c.close();
  }
});
