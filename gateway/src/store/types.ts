/**
 * The store contract the rest of the gateway relies on (pipeline, health, rules, sync, API).
 * Implemented by sqlite-store.ts; every stream (readings, events, commands) has its own
 * strictly increasing `seq` so sync and the pull API can page by cursor.
 */
// The record shapes are shared with the cloud through @ardoise/codecs (the sync envelope carries
// them): one definition, re-exported here for the gateway.
export type {
  CommandInput,
  CommandOutcome,
  CommandReason,
  EventInput,
  EventKind,
  MeasurementValue,
  PriorityLevel,
  ReadingInput,
  Severity,
  StoredCommand,
  StoredEvent,
  StoredReading,
} from '@ardoise/codecs';
import type {
  CommandInput,
  CommandOutcome,
  EventInput,
  EventKind,
  PriorityLevel,
  ReadingInput,
  StoredCommand,
  StoredEvent,
  StoredReading,
} from '@ardoise/codecs';

/** Quality flags carried by a reading (bit set). */
export const Quality = {
  OK: 0,
  /** Stamped while the gateway clock was untrusted (health.md): time may need correcting. */
  CLOCK_UNTRUSTED: 1 << 0,
  /** Codec reported warnings for this payload. */
  CODEC_WARNING: 1 << 1,
  /** Value outside the vocabulary's plausible range (kept, flagged). */
  OUT_OF_RANGE: 1 << 2,
} as const;

/** Retention class: lower is evicted first under pressure (issue 2 §4). */
export const Priority = {
  DEBUG: 0,
  READING: 1,
  AGGREGATE: 2,
  ALARM: 3,
} as const satisfies Record<string, PriorityLevel>;

export interface DeviceRecord {
  id: string;
  type: string;
  name?: string;
  meta?: Record<string, unknown>;
}

export interface ReadingFilter {
  deviceId?: string;
  deviceType?: string;
  /** Only readings carrying this quantity (scans and decodes rows: prefer deviceId with it). */
  quantity?: string;
  /** Observed time, ms since epoch, inclusive. */
  from?: number;
  /** Observed time, ms since epoch, exclusive. */
  to?: number;
}

export interface StoreStats {
  /** Pages in use + WAL, bytes. */
  sizeBytes: number;
  /** Configured cap. */
  maxBytes: number;
  /** Effective cap now: maxBytes lowered when the filesystem is nearly full (storage pressure = sizeBytes / capBytes). */
  capBytes?: number;
  readings: number;
  events: number;
  commands: number;
  lastReadingSeq: number;
  evictedTotal: number;
}

export interface EvictionReport {
  evicted: { readings: number; events: number; commands: number };
  reason: 'retention' | 'size' | 'none';
  sizeBytes: number;
}

export interface Store {
  readonly path: string;
  /** Append many readings in ONE synchronous transaction; returns them with their seq. */
  appendReadings(batch: readonly ReadingInput[]): StoredReading[];
  appendEvent(event: EventInput): StoredEvent;
  journalCommand(command: CommandInput): StoredCommand;
  setCommandOutcome(seq: number, outcome: CommandOutcome, at: number, detail?: string): void;

  readingsAfter(afterSeq: number, limit: number, filter?: ReadingFilter): StoredReading[];
  eventsAfter(afterSeq: number, limit: number, filter?: { deviceId?: string; kind?: EventKind }): StoredEvent[];
  commandsAfter(afterSeq: number, limit: number, filter?: { deviceId?: string }): StoredCommand[];

  upsertDevice(device: DeviceRecord): void;
  listDevices(): DeviceRecord[];

  /**
   * Persisted sync cursors, one per stream/consumer name: "readings", "events" or "commands",
   * optionally suffixed ":consumer" (e.g. "readings:mqtt"). Eviction treats rows at or below the
   * lowest cursor of a stream as synced (evicted before unsynced ones); 0 when never set.
   */
  getCursor(name: string): number;
  setCursor(name: string, seq: number): void;

  /** Key-value state for rules and health (JSON-serializable values). */
  getState<T = unknown>(key: string): T | undefined;
  setState(key: string, value: unknown): void;

  stats(): StoreStats;
  /** Apply retention and the byte cap; never evicts unsynced alarms before everything else. */
  enforceLimits(now: number): EvictionReport;
  close(): void;
}
