import type {
  Codec,
  DecodeDownlinkInput,
  DecodeDownlinkOutput,
  DecodeUplinkOutput,
  EncodeDownlinkInput,
  EncodeDownlinkOutput,
  Measurement,
} from '../types';
import { Direction } from './direction';
import type { Data } from './fields';
import type { FrameSpec } from './frame';
import { isPlainObject } from './input';

/** A first-party codec as a small declarative description (see devices/). */
export interface CodecSpec {
  /** Registry id, e.g. `ardoise-streetlight`. */
  id: string;
  name: string;
  description: string;
  /** Frames the device sends; data key `frame` names the frame. */
  uplinks: readonly FrameSpec[];
  /** Commands the device accepts; data key `command` names the command. */
  downlinks: readonly FrameSpec[];
}

/** A first-party codec: TS013 for the network side, plus the device side for simulators. */
export interface FirstPartyCodec extends Codec {
  readonly spec: CodecSpec;
  encodeDownlink(input: EncodeDownlinkInput): EncodeDownlinkOutput;
  decodeDownlink(input: DecodeDownlinkInput): DecodeDownlinkOutput;
  measurements(decoded: DecodeUplinkOutput, fPort: number): Measurement[];
  /** Device side: the bytes and fPort a device sends for `data` (`{frame: 'status', ...}`). */
  encodeUplink(data: Data): EncodeDownlinkOutput;
}

/** Guards the TS013 promise: a codec call returns `{data|bytes}` or `{errors}`, never throws. */
function safely<T>(call: () => T, what: string): T | { errors: string[] } {
  try {
    return call();
  } catch (error) {
    return { errors: [`${what} failure: ${String(error)}`] };
  }
}

export function defineCodec(spec: CodecSpec): FirstPartyCodec {
  const up = new Direction(spec.id, 'frame', spec.uplinks);
  const down = new Direction(spec.id, 'command', spec.downlinks);
  const dataOf = (input: unknown) => (isPlainObject(input) ? input.data : undefined);
  return {
    id: spec.id,
    spec,
    decodeUplink: (input) => safely(() => up.decode(input), 'decoder'),
    encodeDownlink: (input) => safely(() => down.encode(dataOf(input)), 'encoder'),
    decodeDownlink: (input) => safely(() => down.decode(input), 'decoder'),
    measurements: (decoded) => up.measurements(decoded),
    encodeUplink: (data) => safely(() => up.encode(data), 'encoder'),
  };
}
