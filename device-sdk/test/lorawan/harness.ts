/**
 * End-to-end harness: real SemtechUdpServer on 127.0.0.1:0, the EdgeNetworkServer, simulated
 * concentrators over real UDP, a radio medium and virtual LoRaWAN devices, all on one SimulatedClock.
 */
import { SimulatedClock } from '../../src/clock/simulated-clock';
import type { DownlinkEvent } from '../../src/lorawan/downlink-scheduler';
import { EdgeNetworkServer, type EdgeNetworkServerOptions, type LorawanFrame } from '../../src/lorawan/network-server';
import { DeviceRegistry, type LorawanDeviceConfig } from '../../src/lorawan/registry';
import { MemorySessionStorage, type SessionStorage } from '../../src/lorawan/storage';
import { SemtechUdpServer } from '../../src/semtech-udp/server';
import { ConcentratorSimulator, type ConcentratorSimulatorOptions } from '../../src/virtual/concentrator';
import { RadioMedium } from '../../src/virtual/concentrator-medium';
import { until } from '../semtech-udp/udp-helpers';

export const GW1 = 'aa555a0000000001';
export const GW2 = 'aa555a0000000002';

export interface Harness {
  clock: SimulatedClock;
  udp: SemtechUdpServer;
  ns: EdgeNetworkServer;
  storage: SessionStorage;
  gws: ConcentratorSimulator[];
  medium: RadioMedium;
  frames: LorawanFrame[];
  downlinkEvents: DownlinkEvent[];
  trusted: { value: boolean };
  /** What onFrame does after recording the frame (a test subscriber); its result is returned to the NS. */
  onFrame: { fn?: (f: LorawanFrame) => void | PromiseLike<unknown> };
  /** Advance the clock past the dedup window and wait for the resulting PULL_RESP/TX_ACK exchanges. */
  settle(ms?: number): Promise<void>;
  restartNs(): EdgeNetworkServer;
  close(): Promise<void>;
}

export async function harness(devices: LorawanDeviceConfig[], o: { gw?: Partial<ConcentratorSimulatorOptions>; ns?: Partial<EdgeNetworkServerOptions> } = {}): Promise<Harness> {
  const clock = new SimulatedClock();
  const frames: LorawanFrame[] = [];
  const downlinkEvents: DownlinkEvent[] = [];
  const trusted = { value: true };
  const onFrame: Harness['onFrame'] = {};
  const storage = new MemorySessionStorage();
  let ns!: EdgeNetworkServer;
  const udp = new SemtechUdpServer({ clock, host: '127.0.0.1', port: 0, onUplink: (rx) => ns.handleUplink(rx) });
  const { port } = await udp.start();
  const makeNs = () =>
    new EdgeNetworkServer({
      clock, registry: new DeviceRegistry(devices), storage,
      transmit: (g, t) => udp.sendDownlink(g, t),
      onFrame: (f) => {
        frames.push(f);
        return onFrame.fn?.(f);
      },
      onDownlink: (e) => downlinkEvents.push(e),
      isClockTrusted: () => trusted.value,
      ...o.ns,
    });
  ns = makeNs();
  const gws = [GW1, GW2].map((gatewayEui) => new ConcentratorSimulator({ gatewayEui, clock, serverPort: port, ...o.gw }));
  for (const g of gws) await g.start();
  await until(() => udp.linkState().filter((l) => l.downlinkAddress).length === 2, 'both concentrators pulled');
  const medium = new RadioMedium(gws);
  const exchanged = () => gws.reduce((n, g) => n + g.counters.pullResp, 0);
  return {
    clock, udp, ns, storage, gws, medium, frames, downlinkEvents, trusted, onFrame,
    async settle(ms = 250) {
      const sent = () => gws.reduce((n, g) => n + g.counters.pushData + g.counters.pullData, 0);
      const arrived = () => udp.metrics().pushData + udp.metrics().pullData >= sent();
      // Every PULL_RESP must reach its concentrator and be acknowledged before time moves on
      // (a TX_ACK error makes the server try the next window: loop until quiet).
      const quiet = async () => {
        for (let round = 0; round < 5; round++) {
          await until(() => exchanged() >= udp.metrics().pullResp && udp.metrics().txAck >= udp.metrics().pullResp, 'PULL_RESP/TX_ACK exchange');
          await new Promise((r) => setImmediate(r));
        }
      };
      await until(arrived, 'all PUSH_DATA/PULL_DATA received');
      // Time moves from timer to timer (at most 30 s at once, so keepalives and stats do not burst
      // past socket buffers); after each, what it sent over UDP is exchanged before time moves on,
      // as on a real gateway where a PULL_RESP takes microseconds, not the rest of the advance.
      const target = clock.monotonic() + ms;
      for (;;) {
        const next = Math.min(clock.nextTimerAt() ?? target, target, clock.monotonic() + 30_000);
        clock.advance(Math.max(0, next - clock.monotonic()));
        await until(arrived, 'all PUSH_DATA/PULL_DATA received');
        await quiet();
        if (clock.monotonic() >= target) break;
      }
    },
    restartNs() {
      ns = makeNs();
      return ns;
    },
    async close() {
      for (const g of gws) await g.stop();
      await udp.stop();
    },
  };
}
