/**
 * The store contract the rest of the gateway relies on (pipeline, health, rules, sync, API).
 * Implemented by sqlite-store.ts; every stream (readings, events, commands) has its own
 * strictly increasing `seq` so sync and the pull API can page by cursor.
 */
export type MeasurementValue = number | boolean;

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
} as const;
export type PriorityLevel = (typeof Priority)[keyof typeof Priority];

export interface ReadingInput {
  deviceId: string;
  /** Time of observation, ms since epoch (device time if it reports one, else received time). */
  observedAt: number;
  /** Time the gateway received it, ms since epoch; the pipeline keeps it monotonic. */
  receivedAt: number;
  /** Where it came from: e.g. "lorawan:2" (transport:fPort), "serial", "tap", "demo". */
  source: string;
  measurements: Record<string, MeasurementValue>;
  quality?: number;
  priority?: PriorityLevel;
}

export interface StoredReading extends ReadingInput {
  seq: number;
  quality: number;
}

export type EventKind = 'event' | 'alarm';
export type Severity = 'info' | 'warning' | 'critical';

export interface EventInput {
  kind: EventKind;
  /** Dotted type, e.g. "health.mode", "storage.eviction", "lighting.lamp_failure". */
  type: string;
  at: number;
  deviceId?: string;
  severity?: Severity;
  data?: Record<string, unknown>;
}

export interface StoredEvent extends EventInput {
  seq: number;
  severity: Severity;
}

export type CommandReason = 'default' | 'program' | 'sensor' | 'override';
export type CommandOutcome = 'pending' | 'sent' | 'confirmed' | 'failed' | 'refused';

export interface CommandInput {
  deviceId: string;
  /** Command name, e.g. "set_level", "open_valve". */
  command: string;
  params: Record<string, unknown>;
  reason: CommandReason;
  /** Who asked: "rule:lighting", "hypervisor", "node-red", ... */
  source: string;
  at: number;
}

export interface StoredCommand extends CommandInput {
  seq: number;
  outcome: CommandOutcome;
  outcomeAt?: number;
  detail?: string;
}

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
