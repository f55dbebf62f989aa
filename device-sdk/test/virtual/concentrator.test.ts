import { afterEach, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/clock/simulated-clock';
import type { GatewayStat } from '../../src/semtech-udp/rxpk';
import { SemtechUdpServer } from '../../src/semtech-udp/server';
import type { TxPacket } from '../../src/semtech-udp/tx';
import { ConcentratorSimulator } from '../../src/virtual/concentrator';
import { until } from '../semtech-udp/udp-helpers';

const EUI = 'aa555a00000000c1';
const base: TxPacket = { freq: 869.525, rfch: 0, powe: 14, modu: 'LORA', datr: 'SF9BW125', codr: '4/5', ipol: true, size: 1, data: 'AA==' };
let stop: () => Promise<void>;
afterEach(() => stop?.());

async function setup(protocolVersion: 1 | 2 = 2) {
  const clock = new SimulatedClock();
  const stats: GatewayStat[] = [];
  const server = new SemtechUdpServer({ clock, host: '127.0.0.1', port: 0, onStat: (_g, s) => stats.push(s) });
  const { port } = await server.start();
  const sim = new ConcentratorSimulator({ gatewayEui: EUI, clock, serverPort: port, protocolVersion, tmstStart: 5_000_000 });
  await sim.start();
  stop = async () => {
    await sim.stop();
    await server.stop();
  };
  await until(() => sim.counters.pullAck === 1, 'PULL_ACK');
  return { clock, server, sim, stats };
}

it('sends PULL_DATA keepalives every 10 s and a stat every 30 s, like lora_pkt_fwd', async () => {
  const { clock, server, sim, stats } = await setup();
  for (let i = 0; i < 3; i++) {
    clock.advance(10_000);
    await until(() => sim.counters.pullAck === i + 2, 'keepalive ack');
  }
  await until(() => stats.length === 1, 'stat');
  expect(stats[0]).toMatchObject({ rxnb: 0, temp: 38.5 });
  expect(server.metrics().pullData).toBe(4);
  expect(server.linkState()[0]).toMatchObject({ gatewayEui: EUI, up: true, stat: { temp: 38.5 } });
});

it('honours PULL_RESP timing: TOO_LATE, TOO_EARLY, and on-time transmission at tmst', async () => {
  const { clock, server, sim } = await setup();
  const now = sim.tmst();
  expect(await server.sendDownlink(EUI, { ...base, tmst: now - 1000 })).toEqual({ status: 'error', error: 'TOO_LATE' });
  expect(await server.sendDownlink(EUI, { ...base, tmst: now + 20_000_000 })).toEqual({ status: 'error', error: 'TOO_EARLY' });
  expect(await server.sendDownlink(EUI, { ...base, tmst: now + 1_000_000 })).toEqual({ status: 'ok' });
  expect(sim.transmissions).toHaveLength(0);
  clock.advance(999);
  expect(sim.transmissions).toHaveLength(0);
  clock.advance(1);
  expect(sim.transmissions).toHaveLength(1);
  expect(sim.transmissions[0]!.tmst).toBe(now + 1_000_000);
});

it('v1 forwarders transmit without TX_ACK', async () => {
  const { server, sim } = await setup(1);
  expect(await server.sendDownlink(EUI, { ...base, imme: true })).toEqual({ status: 'sent-unacknowledged' });
  await until(() => sim.transmissions.length === 1, 'transmission');
  expect(sim.counters.txAck).toBe(0);
});
