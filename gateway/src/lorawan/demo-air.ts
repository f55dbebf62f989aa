/**
 * The demo over the air: the virtual fleet's uplinks become real LoRaWAN frames (ABP, AES,
 * MIC) sent by virtual devices through simulated concentrators over real UDP to the gateway's
 * Semtech UDP server and edge network server, which hands them to the pipeline. Drop-in
 * replacement for the pipeline given to `startDemoInput`:
 *
 *   const air = await startLorawanAirDemo({ config, core, clock, log });
 *   startDemoInput(config, air.input, clock, log);
 *
 * Demo keys are derived from the device id (they protect nothing; never use this for real devices).
 */
import { createHash } from 'node:crypto';
import {
  type Clock,
  ConcentratorSimulator,
  type LorawanDeviceConfig,
  type LorawanFrame,
  RadioMedium,
  VirtualLorawanDevice,
} from '@ardoise/device-sdk';
import type { Config } from '../config/index';
import type { MetricsRegistry } from '../health/metrics';
import type { Logger } from '../logging/index';
import type { DecodedInput, IngestResult, PipelineInput, UplinkFrame } from '../pipeline/types';
import type { Store } from '../store/types';
import { type LorawanInput, startLorawanInput } from './lorawan-input';
import { StoreSessionStorage } from './store-session-storage';

export interface LorawanAirDemoOptions {
  config: Config;
  core: { pipeline: PipelineInput; store: Pick<Store, 'getState' | 'setState'>; metrics?: MetricsRegistry; clockTrust: { isTrusted(): boolean } };
  clock: Clock;
  log: Logger;
  /** Simulated concentrators, default 2 (devices are heard by one or both). */
  concentrators?: number;
  /** Concentrator GPS time that agrees with the system clock confirms it (health.confirmTime). */
  confirmTime?: (source: string) => void;
  /** How long a frame may take from the virtual device to the store. Default 5 s. */
  timeoutMs?: number;
}

export interface LorawanAirDemo {
  input: PipelineInput;
  lorawan: LorawanInput;
  concentrators: ConcentratorSimulator[];
  stop(): Promise<void>;
}

const hash = (text: string) => createHash('sha256').update(text).digest();

function demoDevice(id: string, type: string): LorawanDeviceConfig {
  const h = hash(`ardoise-demo:${id}`);
  return {
    id,
    devEui: `70b3d5${h.toString('hex', 0, 5)}`,
    deviceClass: type === 'lamp' ? 'C' : 'A',
    activation: { mode: 'abp', devAddr: `26${h.toString('hex', 5, 8)}`, nwkSKey: hash(`nwk:${id}`).toString('hex', 0, 16), appSKey: hash(`app:${id}`).toString('hex', 0, 16) },
  };
}

export async function startLorawanAirDemo(o: LorawanAirDemoOptions): Promise<LorawanAirDemo> {
  const devices = o.config.devices.filter((d) => d.transport === 'virtual').map((d) => demoDevice(d.id, d.type));
  const waiting = new Map<string, { resolve(r: IngestResult): void; timer: ReturnType<Clock['setTimeout']> }>();
  const settle = (key: string, r: IngestResult) => {
    const w = waiting.get(key);
    if (!w) return;
    waiting.delete(key);
    o.clock.clearTimeout(w.timer);
    w.resolve(r);
  };
  const storage = new StoreSessionStorage(o.core.store);
  // The simulated concentrators are ours: the operator's allowlist and forwarding do not apply.
  const { allowed_gateways: _allowlist, ...udpConfig } = o.config.inputs.semtech_udp;
  const config = { devices: o.config.devices, inputs: { ...o.config.inputs, semtech_udp: { ...udpConfig, forward_to: [] } } };
  const lorawan = await startLorawanInput({
    config, clock: o.clock, pipeline: o.core.pipeline, storage, devices,
    isClockTrusted: () => o.core.clockTrust.isTrusted(), readKey: () => '', log: o.log,
    ...(o.confirmTime ? { confirmTime: o.confirmTime } : {}),
    udp: { host: '127.0.0.1', port: 0 }, ...(o.core.metrics ? { metrics: o.core.metrics } : {}),
    onIngested: (f: LorawanFrame, r) => settle(`${f.deviceId}:${f.fCnt}`, r),
  });
  const gws = Array.from({ length: o.concentrators ?? 2 }, (_, i) => new ConcentratorSimulator({
    gatewayEui: `aa555a00000000${(i + 1).toString(16).padStart(2, '0')}`, clock: o.clock, serverPort: lorawan.port,
  }));
  for (const g of gws) await g.start();
  const medium = new RadioMedium(gws);
  const virtual = new Map<string, VirtualLorawanDevice>();
  for (const d of devices) {
    if (d.activation.mode !== 'abp') continue;
    const v = new VirtualLorawanDevice({ devEui: d.devEui, abp: d.activation });
    const last = storage.loadSession(d.devEui)?.fCntUp;
    if (last !== undefined) v.fCntUp = last + 1; // resume after a restart instead of replaying
    const h = hash(`place:${d.id}`);
    medium.place(v, Object.fromEntries(gws.map((g, i) => [g.gatewayEui, 200 + ((h[i]! << 4) % 3000)])));
    virtual.set(d.id, v);
  }

  const input: PipelineInput = {
    ingestDecoded: (d: DecodedInput) => o.core.pipeline.ingestDecoded(d),
    ingestFrame(frame: UplinkFrame): Promise<IngestResult> {
      const v = virtual.get(frame.deviceId);
      if (!v) return o.core.pipeline.ingestFrame(frame);
      const fCnt = v.fCntUp;
      const phy = v.uplink({ fPort: frame.fPort, payload: Uint8Array.from(frame.bytes) });
      const key = `${frame.deviceId}:${fCnt}`;
      const done = new Promise<IngestResult>((resolve) => {
        const timer = o.clock.setTimeout(() => settle(key, { status: 'rejected', reason: `frame not through the LoRaWAN path within ${o.timeoutMs ?? 5000} ms` }), o.timeoutMs ?? 5000);
        waiting.set(key, { resolve, timer });
      });
      if (medium.transmit(v, phy) === 0) settle(key, { status: 'rejected', reason: 'no concentrator in radio range' });
      return done;
    },
  };
  o.log.info({ devices: virtual.size, concentrators: gws.length, port: lorawan.port }, 'demo fleet on the air (LoRaWAN via simulated concentrators)');
  return {
    input, lorawan, concentrators: gws,
    async stop() {
      for (const g of gws) await g.stop();
      await lorawan.stop();
      for (const key of [...waiting.keys()]) settle(key, { status: 'rejected', reason: 'stopping' });
    },
  };
}
