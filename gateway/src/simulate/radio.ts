import { type AsyncCodec, type Data, type FirstPartyCodec, asAsyncCodec, getCodec } from '@ardoise/codecs';
import { CodecCommandTransport } from '../governor/codec-transport';
import { paramsOf } from '../governor/governor';
import type { Actuation, CommandTransport } from '../governor/types';
import type { MeasurementValue } from '../store/types';
import { ScenarioError } from './scenario';

export type Measurements = Record<string, MeasurementValue>;

/**
 * First-party codec of each simulated device type: what the simulated device's firmware speaks.
 * The gateway decodes with the device's configured `codec` (this one when none is configured),
 * so a misconfigured codec shows as on a real site: codec.error events, failed commands.
 */
export const DEFAULT_SIM_CODECS: Readonly<Record<string, string>> = {
  lamp: 'ardoise-streetlight',
  valve: 'ardoise-valve',
  soil_probe: 'ardoise-soil-probe',
  light_sensor: 'ardoise-light-sensor',
  rain_gauge: 'ardoise-rain-gauge',
  presence_sensor: 'ardoise-presence-sensor',
  weather_station: 'ardoise-air-quality',
};

export interface SimDevice {
  id: string;
  type: string;
  codec?: string | undefined;
}

/** Where a decoded downlink goes: the simulated device, which applies what its codec decoded. */
export type DownlinkSink = (deviceId: string, command: Data) => void;

/** An uplink the gateway's codec could not read: what the pipeline records as a `codec.error` event. */
export interface UplinkRejected {
  deviceId: string;
  codec: string;
  errors: string[];
  fPort: number;
  bytes: number[];
}

/**
 * The air between the gateway and the simulated fleet, minus the radio: every payload is real
 * bytes made and read by the devices' codecs, delivered directly (no LoRaWAN framing, no airtime).
 * - uplink: device-side `encodeUplink(data)` → bytes → gateway-side `decodeUplink` → `measurements`
 *   (what the pipeline stores and the rules hear);
 * - downlink: the agent's own `CodecCommandTransport` (`encodeDownlink({command, ...params})`) →
 *   bytes → device-side `decodeDownlink` → the device applies the decoded command;
 * - multicast (class C lamp group): encoded ONCE with the first member's codec, the same bytes
 *   decoded by every member, as one multicast downlink is heard by all.
 * Device side = the firmware codec of the device type (DEFAULT_SIM_CODECS); gateway side = the
 * device's configured codec. A device-side encode error throws (a bug in the simulation); a
 * gateway-side decode error is handed to `onRejected` (the pipeline's codec.error, nothing lost);
 * a downlink the device's firmware cannot decode is ignored by the device (counted).
 */
export class SimRadio {
  /** Gateway side: the configured codec per device. */
  private readonly codecs = new Map<string, FirstPartyCodec>();
  /** Device side: the firmware's codec per device. */
  private readonly firmware = new Map<string, FirstPartyCodec>();
  private readonly asyncCodecs = new Map<string, AsyncCodec>();
  readonly transport: CommandTransport;
  /** Frames that crossed the codecs: uplinks decoded, uplinks rejected, downlinks heard/ignored by devices, multicast encodes. */
  readonly counts = { uplinks: 0, uplinksRejected: 0, downlinks: 0, downlinksIgnored: 0, multicasts: 0 };

  constructor(devices: readonly SimDevice[], private readonly sink: DownlinkSink, private readonly onRejected: (r: UplinkRejected) => void = () => {}) {
    for (const d of devices) {
      const native = DEFAULT_SIM_CODECS[d.type];
      if (native) this.firmware.set(d.id, getCodec(native)!);
      const id = d.codec ?? native;
      if (!id) continue;
      const codec = getCodec(id);
      if (!codec) throw new ScenarioError(`devices: ${d.id}: codec "${id}" is not a first-party codec; simulate runs first-party codecs only (${Object.values(DEFAULT_SIM_CODECS).join(', ')}, …)`);
      this.codecs.set(d.id, codec);
    }
    const unicast = new CodecCommandTransport((id) => this.asyncCodec(id), { enqueueDownlink: (id, dl) => this.deliver(id, dl.fPort, dl.bytes) });
    this.transport = {
      send: (deviceId, action) => unicast.send(deviceId, action),
      multicast: async (_groupId, members, action) => this.multicast(members, action),
    };
  }

  hasCodec(deviceId: string): boolean {
    return this.codecs.has(deviceId);
  }

  /** Device → gateway: the measurements the pipeline would store for this device-side frame, or undefined when rejected. */
  uplink(deviceId: string, data: Data): Measurements | undefined {
    const device = this.firmware.get(deviceId);
    if (!device) throw new Error(`simulate: no firmware codec for device "${deviceId}"`);
    const frame = device.encodeUplink(data);
    if (frame.errors?.length || !frame.bytes || frame.fPort === undefined) throw this.codecError(deviceId, device, 'encodeUplink', frame.errors);
    const codec = this.codecOf(deviceId);
    const decoded = codec.decodeUplink({ bytes: frame.bytes, fPort: frame.fPort });
    if (decoded.errors?.length) {
      this.counts.uplinksRejected++;
      this.onRejected({ deviceId, codec: codec.id, errors: decoded.errors, fPort: frame.fPort, bytes: frame.bytes });
      return undefined;
    }
    this.counts.uplinks++;
    const out: Measurements = {};
    for (const m of codec.measurements(decoded, frame.fPort)) out[m.quantity] = m.value;
    return out;
  }

  private async multicast(members: readonly string[], action: Actuation): Promise<void> {
    const first = members.find((id) => this.codecs.has(id));
    if (first === undefined) return;
    const codec = this.codecOf(first);
    const out = codec.encodeDownlink({ data: { command: action.command, ...paramsOf(action) } });
    if (out.errors?.length || !out.bytes || out.fPort === undefined) throw this.codecError(first, codec, 'encodeDownlink', out.errors);
    this.counts.multicasts++;
    for (const id of members) if (this.firmware.has(id)) this.deliver(id, out.fPort, out.bytes);
  }

  /** What the device hears: its firmware decodes the bytes and applies the command, or ignores a frame it cannot read. */
  private deliver(deviceId: string, fPort: number, bytes: ArrayLike<number>): void {
    const device = this.firmware.get(deviceId);
    const decoded = device?.decodeDownlink({ bytes: Array.from(bytes), fPort });
    if (!decoded || decoded.errors?.length || !decoded.data) {
      this.counts.downlinksIgnored++;
      return;
    }
    this.counts.downlinks++;
    this.sink(deviceId, decoded.data);
  }

  private asyncCodec(deviceId: string): AsyncCodec | undefined {
    const codec = this.codecs.get(deviceId);
    if (!codec) return undefined;
    let wrapped = this.asyncCodecs.get(codec.id);
    if (!wrapped) this.asyncCodecs.set(codec.id, (wrapped = asAsyncCodec(codec)));
    return wrapped;
  }

  private codecOf(deviceId: string): FirstPartyCodec {
    const codec = this.codecs.get(deviceId);
    if (!codec) throw new Error(`simulate: no codec for device "${deviceId}"`);
    return codec;
  }

  private codecError(deviceId: string, codec: FirstPartyCodec, step: string, errors: readonly string[] | undefined): Error {
    return new Error(`simulate: ${deviceId}: codec ${codec.id} ${step} failed: ${errors?.join('; ') || 'no output'}`);
  }
}
