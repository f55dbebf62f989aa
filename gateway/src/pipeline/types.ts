import type { AsyncCodec } from '@ardoise/codecs';
import type { MeasurementValue, PriorityLevel, ReadingInput, StoredReading } from '../store/types';

/** Radio metadata of a LoRa frame, when the transport has it. */
export interface RadioMeta {
  rssi?: number;
  snr?: number;
  frequency?: number;
  dataRate?: string;
  gatewayTime?: number;
}

/** A raw uplink as a transport (LoRaWAN stack, serial, demo fleet) hands it over. */
export interface UplinkFrame {
  deviceId: string;
  bytes: Uint8Array | readonly number[];
  fPort: number;
  /** ms since epoch; defaults to the gateway clock when the frame enters the pipeline. */
  receivedAt?: number;
  /** Device-reported observation time, if any. */
  observedAt?: number;
  /** Transport name, e.g. "lorawan", "serial", "demo"; the stored source becomes "lorawan:2". */
  source: string;
  radio?: RadioMeta;
}

/** Already-decoded measurements (transports that decode themselves, virtual devices, tests). */
export interface DecodedInput {
  deviceId: string;
  measurements: Record<string, MeasurementValue>;
  source: string;
  receivedAt?: number;
  observedAt?: number;
  quality?: number;
  priority?: PriorityLevel;
}

export type IngestResult =
  | { status: 'committed'; reading: StoredReading }
  | { status: 'rejected'; reason: string };

/** The input side of the pipeline: the small typed interface transports call. */
export interface PipelineInput {
  ingestFrame(frame: UplinkFrame): Promise<IngestResult>;
  ingestDecoded(input: DecodedInput): Promise<IngestResult>;
}

/** What the pipeline needs from the store's group committer. */
export interface ReadingCommitter {
  submit(reading: ReadingInput): Promise<StoredReading>;
}

/** Stamps received time (kept monotonic) and quality flags (clock trust): see health/clock-trust.ts. */
export interface TimeStamper {
  stamp(receivedAt?: number): { receivedAt: number; quality: number };
}

/** How a device id maps to its codec; undefined when the device is not in the registry. */
export interface DeviceDirectory {
  lookup(deviceId: string): { type: string; codec?: string } | undefined;
}

export type CodecResolver = (codecId: string) => AsyncCodec | undefined;
