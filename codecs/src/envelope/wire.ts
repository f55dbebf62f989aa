/**
 * Wire-level constants of envelope version 1 (see envelope.cddl) and the cbor-x configuration:
 * plain RFC 8949 CBOR only (no cbor-x records, packing, bundled strings or typed-array tags),
 * so any CBOR implementation reads it.
 */
import { Decoder, Encoder, type Options } from 'cbor-x';
import type { CommandOutcome, CommandReason, EventKind, Severity } from './records';
import type { SyncStream } from './batch';

/** Enumerations travel as their index in these lists; the order is part of the format. */
export const STREAMS: readonly SyncStream[] = ['readings', 'events', 'commands'];
export const KINDS: readonly EventKind[] = ['event', 'alarm'];
export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical'];
export const REASONS: readonly CommandReason[] = ['default', 'program', 'sensor', 'override'];
export const OUTCOMES: readonly CommandOutcome[] = ['pending', 'sent', 'confirmed', 'failed', 'refused'];

/** Top-level array: [version, header, strings, records]. */
export const ENVELOPE_LENGTH = 4;
/** Header array: [gateway_id, stream, first_seq, last_seq, created_at]. */
export const HEADER_LENGTH = 5;

/** Reading: [seq, device, observed, received, source, measurements, ?quality]. */
export const READING_MIN = 6;
export const READING_MAX = 7;
/** Event: [seq, kind, type, at, device / null, severity, ?data]. */
export const EVENT_MIN = 6;
export const EVENT_MAX = 7;
/** Command: [seq, device, command, params, reason, source, at, outcome, ?outcome_at / null, ?detail]. */
export const COMMAND_MIN = 8;
export const COMMAND_MAX = 10;

/**
 * Both instances keep no state from one call to the next (checked in cbor-x 1.6: structures and
 * packed values are reset per decode when `useRecords` is false), so sharing them is safe.
 */
type EncoderOptions = Options & Record<string, unknown>;

export const cborEncoder = new Encoder({
  useRecords: false,
  mapsAsObjects: true,
  variableMapSize: true,
  pack: false,
  structuredClone: false,
  bundleStrings: false,
  tagUint8Array: false,
  useTag259ForMaps: false, // not in cbor-x's typings, read by its encoder
} as EncoderOptions);

export const cborDecoder = new Decoder({
  useRecords: false,
  mapsAsObjects: true,
  int64AsNumber: true, // not in cbor-x's typings: 64-bit integers as numbers, never BigInt
} as EncoderOptions);
