/**
 * A sync batch: the records of ONE store stream (each stream has its own seq space), with the
 * header a receiver needs to deduplicate after a reconnect: (gatewayId, stream, firstSeq, lastSeq).
 * Records are in strictly increasing seq order inside [firstSeq, lastSeq]; gaps are allowed
 * (records filtered out by a deadband or aggregation), and so is an empty batch that only
 * advances the range.
 */
import type { StoredCommand, StoredEvent, StoredReading } from './records';

export const ENVELOPE_VERSION = 1;

export type SyncStream = 'readings' | 'events' | 'commands';

export interface BatchHeader {
  gatewayId: string;
  firstSeq: number;
  lastSeq: number;
  /** When the batch was built, ms since epoch (the base of the record time deltas). */
  createdAt: number;
}

export interface ReadingsBatch extends BatchHeader {
  stream: 'readings';
  readings: StoredReading[];
}

export interface EventsBatch extends BatchHeader {
  stream: 'events';
  events: StoredEvent[];
}

export interface CommandsBatch extends BatchHeader {
  stream: 'commands';
  commands: StoredCommand[];
}

export type SyncBatch = ReadingsBatch | EventsBatch | CommandsBatch;

/** Bounds applied by both encodeBatch and decodeBatch (what we emit, we accept). */
export interface EnvelopeLimits {
  /** Whole envelope, bytes. */
  maxBytes: number;
  /** Records in one batch. */
  maxRecords: number;
  /** Entries of the per-batch string dictionary. */
  maxStrings: number;
  /** Length of the gateway id and of every dictionary string (device ids, quantities, ...), UTF-16 units. */
  maxStringLength: number;
  /** Length of a command's outcome detail, UTF-16 units. */
  maxDetailLength: number;
  /** Measurements in one reading. */
  maxMeasurements: number;
  /** Nesting depth of free-form data (event data, command params). */
  maxDepth: number;
}

export const DEFAULT_LIMITS: Readonly<EnvelopeLimits> = Object.freeze({
  maxBytes: 4 * 1024 * 1024,
  maxRecords: 100_000,
  maxStrings: 65_536,
  maxStringLength: 256,
  maxDetailLength: 1024,
  maxMeasurements: 256,
  maxDepth: 16,
});
