/**
 * The safety governor's ports onto LoRaWAN: `CommandTransport` (encode the actuation with the
 * device's codec, then queue it in the edge network server: class C goes out at once, class A
 * after the next uplink) and `DutyCycleCheck` (EU868 budget before the governor decides).
 */
import type { AsyncCodec } from '@ardoise/codecs';
import type { EdgeNetworkServer } from '@ardoise/device-sdk';
import type { Actuation, CommandTransport, DutyCycleCheck } from '../governor/types';

/** Governor actuation → the first-party codecs' downlink data (snake_case fields). */
export function actuationToCodecData(a: Actuation): Record<string, unknown> {
  switch (a.command) {
    case 'set_level':
      return { command: 'set_level', level: a.level };
    case 'override':
      return { command: 'override', level: a.level, duration_min: a.durationMin };
    case 'open':
      return { command: 'open', duration_min: a.durationMin, max_volume: a.maxVolumeL };
    case 'close':
      return { command: 'close' };
  }
}

export class LorawanCommandTransport implements CommandTransport {
  constructor(
    private readonly ns: Pick<EdgeNetworkServer, 'enqueueDownlink'>,
    private readonly codecOf: (deviceId: string) => AsyncCodec | undefined,
  ) {}

  async send(deviceId: string, action: Actuation): Promise<void> {
    const codec = this.codecOf(deviceId);
    if (!codec) throw new Error(`device ${deviceId} has no codec able to encode downlinks`);
    const out = await codec.encodeDownlink({ data: actuationToCodecData(action) });
    if (out.errors?.length || !out.bytes || out.fPort === undefined) {
      throw new Error(`codec ${codec.id} cannot encode "${action.command}" for ${deviceId}: ${out.errors?.join('; ') ?? 'no bytes or fPort'}`);
    }
    this.ns.enqueueDownlink(deviceId, { fPort: out.fPort, bytes: Uint8Array.from(out.bytes) });
  }
}

export class LorawanDutyCycle implements DutyCycleCheck {
  constructor(private readonly ns: Pick<EdgeNetworkServer, 'downlinkBudget'>) {}

  canSend(deviceId: string, now: number): { ok: true } | { ok: false; retryAt: number; detail: string } {
    const d = this.ns.downlinkBudget(deviceId);
    if (d.ok) return { ok: true };
    // No retry time (no session, frame larger than the whole budget): try again in an hour.
    return { ok: false, retryAt: now + (d.retryAfterMs ?? 3_600_000), detail: d.reason };
  }
}
