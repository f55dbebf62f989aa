import { getCodec } from '@ardoise/codecs';
import { type Clock, type FleetUplink, VirtualFleet } from '@ardoise/device-sdk';
import type { Config } from '../config/index';
import type { Logger } from '../logging/index';
import type { PipelineInput } from '../pipeline/types';
import { flatMeasurements } from '../pipeline/validate';

/**
 * Feeds the virtual fleet into the pipeline as real bytes: each uplink is encoded with the
 * first-party codec's device-side `encodeUplink`, so the pipeline decodes it like a radio frame.
 * (When the LoRaWAN stack and the concentrator simulator land, this input switches to frames.)
 */
export function startDemoInput(config: Config, pipeline: PipelineInput, clock: Clock, log: Logger): { stop(): void } {
  const devices = config.devices.filter((d) => d.transport === 'virtual');
  const fleet = new VirtualFleet({
    clock, site: config.site, speed: config.inputs.demo.speed,
    devices: devices.map((d) => ({ id: d.id, type: d.type, ...(d.group ? { group: d.group } : {}) })),
    onUplink: (uplink) => void send(uplink, pipeline, log),
  });
  fleet.start();
  log.info({ devices: fleet.size, speed: config.inputs.demo.speed }, 'virtual fleet started');
  return { stop: () => fleet.stop() };
}

async function send(uplink: FleetUplink, pipeline: PipelineInput, log: Logger): Promise<void> {
  const encoded = getCodec(uplink.codec)?.encodeUplink(uplink.data);
  const result = encoded?.bytes && encoded.fPort !== undefined
    ? await pipeline.ingestFrame({ deviceId: uplink.deviceId, bytes: encoded.bytes, fPort: encoded.fPort, source: 'demo' })
    : await pipeline.ingestDecoded({ deviceId: uplink.deviceId, measurements: flatMeasurements(uplink.data), source: 'demo' });
  if (result.status === 'rejected') log.warn({ deviceId: uplink.deviceId, reason: result.reason }, 'demo uplink refused');
}
