/**
 * LoRa Alliance TS013-1.0.0 payload codec API, shared by gateway and cloud.
 * A first-party codec also yields normalized measurements in the shared vocabulary (vocabulary.ts).
 */
export interface DecodeUplinkInput {
  bytes: number[] | Uint8Array;
  fPort: number;
  recvTime?: Date;
  /** ChirpStack v3/v4 device variables. */
  variables?: Record<string, string>;
}

export interface DecodeUplinkOutput {
  data?: Record<string, unknown>;
  errors?: string[];
  warnings?: string[];
}

export interface EncodeDownlinkInput {
  data: Record<string, unknown>;
  variables?: Record<string, string>;
}

export interface EncodeDownlinkOutput {
  bytes?: number[];
  fPort?: number;
  errors?: string[];
  warnings?: string[];
}

export interface DecodeDownlinkInput {
  bytes: number[] | Uint8Array;
  fPort: number;
  recvTime?: Date;
}

export type DecodeDownlinkOutput = DecodeUplinkOutput;

export type MeasurementValue = number | boolean;

/** One normalized measurement: quantity from the vocabulary, value in its fixed unit. */
export interface Measurement {
  quantity: string;
  value: MeasurementValue;
  unit: string;
}

/** What the gateway needs from any codec, first-party or sandboxed vendor code. */
export interface Codec {
  readonly id: string;
  decodeUplink(input: DecodeUplinkInput): DecodeUplinkOutput;
  encodeDownlink?(input: EncodeDownlinkInput): EncodeDownlinkOutput;
  decodeDownlink?(input: DecodeDownlinkInput): DecodeDownlinkOutput;
  /** Normalized measurements for a decoded uplink (first-party codecs; vendor codecs via normalizeUplink). */
  measurements?(decoded: DecodeUplinkOutput, fPort: number): Measurement[];
}

/**
 * The form the gateway calls every codec in: first-party codecs run in-process (wrapped by
 * `asAsyncCodec`), vendor codecs run in a sandbox (see sandbox/) whose calls are asynchronous.
 */
export interface AsyncCodec {
  readonly id: string;
  decodeUplink(input: DecodeUplinkInput): Promise<DecodeUplinkOutput>;
  encodeDownlink(input: EncodeDownlinkInput): Promise<EncodeDownlinkOutput>;
  decodeDownlink(input: DecodeDownlinkInput): Promise<DecodeDownlinkOutput>;
  /** Normalized measurements for a decoded uplink (empty when the codec defines none). */
  measurements(decoded: DecodeUplinkOutput, fPort: number): Promise<Measurement[]>;
  close(): Promise<void>;
}

const missing = (what: string, id: string) => ({ errors: [`codec ${id} has no ${what}`] });

export function asAsyncCodec(codec: Codec): AsyncCodec {
  return {
    id: codec.id,
    decodeUplink: async (input) => codec.decodeUplink(input),
    encodeDownlink: async (input) => (codec.encodeDownlink ? codec.encodeDownlink(input) : missing('encodeDownlink', codec.id)),
    decodeDownlink: async (input) => (codec.decodeDownlink ? codec.decodeDownlink(input) : missing('decodeDownlink', codec.id)),
    measurements: async (decoded, fPort) => codec.measurements?.(decoded, fPort) ?? [],
    close: async () => {},
  };
}
