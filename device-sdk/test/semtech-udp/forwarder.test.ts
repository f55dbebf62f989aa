/**
 * Forwarding to an operator network server while decoding locally. The "operator" is a second
 * real SemtechUdpServer; the concentrator is the simulator; everything over real UDP.
 */
import { afterEach, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/clock/simulated-clock';
import { GwmpForwarder } from '../../src/semtech-udp/forwarder';
import type { RxPacket } from '../../src/semtech-udp/rxpk';
import { SemtechUdpServer } from '../../src/semtech-udp/server';
import type { TxPacket } from '../../src/semtech-udp/tx';
import { ConcentratorSimulator } from '../../src/virtual/concentrator';
import { until } from './udp-helpers';

const EUI = 'aa555a00000000f1';
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});

it('relays uplinks and keepalives upstream, upstream downlinks down, and their TX_ACK back up', async () => {
  const clock = new SimulatedClock();
  const operatorUplinks: RxPacket[] = [];
  const operator = new SemtechUdpServer({ clock, host: '127.0.0.1', port: 0, onUplink: (r) => operatorUplinks.push(r) });
  const op = await operator.start();
  stops.push(() => operator.stop());

  const localUplinks: RxPacket[] = [];
  const forwarder = new GwmpForwarder([{ host: '127.0.0.1', port: op.port }]);
  const local = new SemtechUdpServer({ clock, host: '127.0.0.1', port: 0, relay: forwarder, onUplink: (r) => localUplinks.push(r) });
  const { port } = await local.start();
  await forwarder.start(local);
  stops.push(() => local.stop(), () => forwarder.stop());

  const sim = new ConcentratorSimulator({ gatewayEui: EUI, clock, serverPort: port });
  await sim.start();
  stops.push(() => sim.stop());
  await until(() => operator.linkState().length === 1 && local.linkState().length === 1, 'PULL_DATA at both servers');
  expect(operator.linkState()[0]).toMatchObject({ gatewayEui: EUI, up: true });

  sim.receive(Buffer.from('40F17DBE4900020001954378762B11FF0D', 'hex'), { freq: 868.1, datr: 'SF7BW125', rssi: -80, lsnr: 6 });
  await until(() => operatorUplinks.length === 1 && localUplinks.length === 1, 'uplink at both servers');
  expect(operatorUplinks[0]!.data).toEqual(localUplinks[0]!.data);

  const txpk: TxPacket = { tmst: sim.tmst() + 1_000_000, freq: 868.1, rfch: 0, powe: 14, modu: 'LORA', datr: 'SF7BW125', codr: '4/5', ipol: true, size: 1, data: 'AA==' };
  expect(await operator.sendDownlink(EUI, txpk)).toEqual({ status: 'ok' }); // TX_ACK relayed back up
  clock.advance(1000);
  expect(sim.transmissions).toHaveLength(1);
  expect(local.metrics().rejected).toEqual({}); // the relayed TX_ACK is not an "unmatched" local one
  expect(forwarder.counters).toMatchObject({ pullRespRelayed: 1, foreignDropped: 0 });

  // A local downlink still resolves locally.
  expect(await local.sendDownlink(EUI, { ...txpk, tmst: sim.tmst() + 1_000_000 })).toEqual({ status: 'ok' });
});
