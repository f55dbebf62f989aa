/**
 * The LoRaWAN input of the gateway: Semtech UDP server → edge network server → pipeline.ingestFrame.
 * Frames reach the pipeline (codec, durable group commit) only after MIC, counter and replay checks.
 * Concentrator link state and LoRaWAN counters are exposed for health and metrics.
 */
import {
  type Clock,
  DeviceRegistry,
  EdgeNetworkServer,
  GwmpForwarder,
  type LorawanDeviceConfig,
  type LorawanFrame,
  SemtechUdpServer,
  type SessionStorage,
  type UpstreamServer,
} from '@ardoise/device-sdk';
import type { Config } from '../config/index';
import type { MetricsRegistry } from '../health/metrics';
import type { Logger } from '../logging/index';
import type { IngestResult, PipelineInput, UplinkFrame } from '../pipeline/types';
import { type KeyReader, lorawanDevicesFromConfig } from './device-config';
import { gpsTimeCheck } from './gps-time';
import { registerLorawanMetrics } from './metrics';

export interface LorawanInputOptions {
  config: Pick<Config, 'devices' | 'inputs'>;
  clock: Clock;
  pipeline: PipelineInput;
  storage: SessionStorage;
  /** DeviceTimeReq is answered only while the gateway clock is trusted (health/clock-trust). */
  isClockTrusted: () => boolean;
  readKey: KeyReader;
  log: Logger;
  /** Overrides of the config (tests, bench): port 0, receive buffer, allowlist. */
  udp?: { host?: string; port?: number; recvBufferSize?: number; allowedGateways?: string[] };
  dedupWindowMs?: number;
  /** Registry entries to use instead of the config's lorawan devices (demo). */
  devices?: LorawanDeviceConfig[];
  /** Called with the pipeline's answer for each frame (demo correlation, tests). */
  onIngested?: (frame: LorawanFrame, result: IngestResult) => void;
  /** ClockTrust.confirmTime: concentrator GPS time that agrees with the system clock confirms it. */
  confirmTime?: (source: string) => void;
  /** Operator network servers that also receive the raw GWMP traffic (issue 4 §4). */
  forwardTo?: UpstreamServer[];
  /** When given, GWMP/LoRaWAN counters and concentrator link state are exported there. */
  metrics?: MetricsRegistry;
}

export interface LorawanInput {
  udp: SemtechUdpServer;
  ns: EdgeNetworkServer;
  port: number;
  /** Frames handed to the pipeline and how many it rejected or failed. */
  counters: { ingested: number; rejected: number; failed: number };
  stop(): Promise<void>;
}

export function toUplinkFrame(f: LorawanFrame): UplinkFrame {
  return {
    deviceId: f.deviceId,
    bytes: f.bytes,
    fPort: f.fPort,
    receivedAt: f.receivedAt,
    source: 'lorawan',
    radio: {
      rssi: f.radio.rssi,
      ...(f.radio.snr !== undefined ? { snr: f.radio.snr } : {}),
      frequency: f.radio.freq,
      dataRate: String(f.radio.datr),
      gatewayTime: f.radio.tmst,
    },
  };
}

export async function startLorawanInput(o: LorawanInputOptions): Promise<LorawanInput> {
  const log = o.log;
  const counters = { ingested: 0, rejected: 0, failed: 0 };
  const registry = new DeviceRegistry(o.devices ?? lorawanDevicesFromConfig(o.config, o.readKey));
  const inFlight = new Set<Promise<void>>();
  const ingest = (f: LorawanFrame) => {
    const p = o.pipeline.ingestFrame(toUplinkFrame(f)).then(
      (r) => {
        if (r.status === 'committed') counters.ingested++;
        else counters.rejected++;
        o.onIngested?.(f, r);
      },
      (err: unknown) => {
        counters.failed++;
        log.error({ err, deviceId: f.deviceId }, 'pipeline failed to ingest a LoRaWAN frame');
      },
    );
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    return p; // the NS decides the class A downlink after the commit (rules react to it)
  };
  let lastUplinkMono: number | undefined;
  let ns!: EdgeNetworkServer;
  const gps = o.confirmTime ? gpsTimeCheck({ clock: o.clock, confirmTime: o.confirmTime, log }) : undefined;
  const cfg = o.config.inputs.semtech_udp;
  const dedupWindowMs = o.dedupWindowMs ?? cfg.dedup_window_ms ?? 200;
  const forwardTo = o.forwardTo ?? cfg.forward_to ?? []; // `??`: configs built in code may omit the defaults
  const relay = forwardTo.length ? new GwmpForwarder(forwardTo, { logger: log }) : undefined;
  const recvBufferSize = o.udp?.recvBufferSize ?? cfg.recv_buffer_size;
  const allowedGateways = o.udp?.allowedGateways ?? cfg.allowed_gateways;
  const udp = new SemtechUdpServer({
    clock: o.clock,
    host: o.udp?.host ?? cfg.bind,
    port: o.udp?.port ?? cfg.port,
    ...(recvBufferSize ? { recvBufferSize } : {}),
    ...(allowedGateways ? { allowedGateways } : {}),
    logger: log,
    ...(relay ? { relay } : {}),
    onUplink: (rx) => {
      lastUplinkMono = o.clock.monotonic();
      gps?.(rx);
      ns.handleUplink(rx);
    },
  });
  ns = new EdgeNetworkServer({
    clock: o.clock,
    registry,
    storage: o.storage,
    transmit: (g, t) => udp.sendDownlink(g, t),
    onFrame: ingest,
    isClockTrusted: o.isClockTrusted,
    logger: log,
    dedupWindowMs,
    downlinkDataDelayMs: cfg.downlink_data_delay_ms ?? 100,
    downlinkLeadMs: cfg.downlink_lead_ms ?? 300,
    netId: cfg.net_id ? Number.parseInt(cfg.net_id, 16) : 0,
  });
  if (o.metrics) registerLorawanMetrics(o.metrics, udp, ns, () => o.clock.monotonic());
  const { port } = await udp.start();
  await relay?.start(udp);
  log.info({ port, devices: registry.all().length, upstreams: forwardTo.length }, 'LoRaWAN input listening (Semtech UDP)');
  return {
    udp, ns, port, counters,
    /**
     * Drains before it returns, so the caller may close the store next: no new datagram (socket
     * closed), frames still in the dedup window delivered, every frame handed to the pipeline
     * committed (or refused). A frame acknowledged to a concentrator (PUSH_ACK) is not lost.
     */
    async stop() {
      await udp.stop();
      await relay?.stop();
      const open = lastUplinkMono === undefined ? 0 : dedupWindowMs - (o.clock.monotonic() - lastUplinkMono);
      if (open >= 0) await waitOnClock(o.clock, open + 1);
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      ns.stop(); // class A windows still waiting: nothing can be sent once the socket is closed
    },
  };
}

/**
 * Waits on the Clock (the dedup window is timed there); with a simulated clock nobody advances
 * during a stop, a real-time bound ends the wait (nothing is on the air in simulated time anyway).
 */
function waitOnClock(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const bound = setTimeout(resolve, ms + 1000);
    clock.setTimeout(() => {
      clearTimeout(bound);
      resolve();
    }, ms);
  });
}
