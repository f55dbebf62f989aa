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
