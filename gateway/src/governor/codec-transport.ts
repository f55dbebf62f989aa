import type { AsyncCodec } from '@ardoise/codecs';
import { paramsOf } from './governor';
import type { Actuation, CommandTransport } from './types';

/** Where encoded downlinks go: the LoRaWAN network server's queue (`NetworkServer.enqueueDownlink`). */
export interface DownlinkQueue {
  enqueueDownlink(deviceId: string, downlink: { fPort: number; bytes: Uint8Array; confirmed?: boolean }): unknown;
}

/**
 * The governor's transport: encode with the device's codec (`encodeDownlink({data: {command,
 * ...params}})`, names as in the codecs' downlink layouts), then queue the downlink for the device.
 * Any encoding problem rejects with the codec id, the command and the codec's errors, so the
 * governor journals the command as failed with that detail. Unicast only (no multicast group
 * sessions yet): group requests fall back to one downlink per lamp.
 */
export class CodecCommandTransport implements CommandTransport {
  constructor(
    private readonly codecFor: (deviceId: string) => AsyncCodec | undefined,
    private readonly queue: DownlinkQueue,
    private readonly confirmed = false,
  ) {}

  async send(deviceId: string, action: Actuation): Promise<void> {
    const codec = this.codecFor(deviceId);
    if (!codec) throw new Error(`no codec configured for device "${deviceId}"`);
    const out = await codec.encodeDownlink({ data: { command: action.command, ...paramsOf(action) } });
    if (out.errors?.length || !out.bytes || out.fPort === undefined) {
      throw new Error(`codec ${codec.id} cannot encode ${action.command} for ${deviceId}: ${out.errors?.join('; ') || 'no bytes or fPort returned'}`);
    }
    this.queue.enqueueDownlink(deviceId, { fPort: out.fPort, bytes: Uint8Array.from(out.bytes), confirmed: this.confirmed });
  }
}
