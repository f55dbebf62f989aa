import { getCodec } from '@ardoise/codecs';
import { type Clock, type FleetUplink, VirtualFleet, deviceModels } from '@ardoise/device-sdk';
import type { Config } from '../config/index';
import type { Logger } from '../logging/index';
import type { PipelineInput } from '../pipeline/types';
import { flatMeasurements } from '../pipeline/validate';

/**
 * Feeds the virtual fleet into a PipelineInput as real bytes: each uplink is encoded with the
 * first-party codec's device-side `encodeUplink`. The agent hands it the LoRaWAN air demo's input
 * (virtual devices → concentrator simulator → Semtech UDP → edge network server → pipeline), so
 * the demo's readings travel as real encrypted LoRaWAN frames (see agent/inputs.ts).
 */
export function startDemoInput(config: Config, pipeline: PipelineInput, clock: Clock, log: Logger): { stop(): void } {
  // Only device classes the virtual fleet can simulate; others in the registry stay silent.
  const devices = config.devices.filter((d) => d.transport === 'virtual' && deviceModels[d.type] !== undefined);
  const fleet = new VirtualFleet({
    clock, site: config.site, speed: config.inputs.demo.speed,
    devices: devices.map((d) => ({ id: d.id, type: d.type, ...(d.group ? { group: d.group } : {}) })),
    onUplink: (uplink) => void send(uplink, pipeline, log, () => stopped),
  });
  let stopped = false;
  fleet.start();
  log.info({ devices: fleet.size, speed: config.inputs.demo.speed }, 'virtual fleet started');
  return {
    stop: () => {
      stopped = true;
      fleet.stop();
    },
  };
}

async function send(uplink: FleetUplink, pipeline: PipelineInput, log: Logger, stopped: () => boolean): Promise<void> {
  const encoded = getCodec(uplink.codec)?.encodeUplink(uplink.data);
  const result = encoded?.bytes && encoded.fPort !== undefined
    ? await pipeline.ingestFrame({ deviceId: uplink.deviceId, bytes: encoded.bytes, fPort: encoded.fPort, source: 'demo' })
    : await pipeline.ingestDecoded({ deviceId: uplink.deviceId, measurements: flatMeasurements(uplink.data), source: 'demo' });
  // An uplink still in flight when the agent stops is refused by design: not worth a warning.
  if (result.status === 'rejected') log[stopped() ? 'debug' : 'warn']({ deviceId: uplink.deviceId, reason: result.reason }, 'demo uplink refused');
}
