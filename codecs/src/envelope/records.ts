/**
 * The records a gateway syncs, shaped exactly like the store's (gateway/src/store/types.ts).
 * They live here because codecs imports nothing of ours: the gateway and the cloud both use
 * these types, and the gateway's store re-exports them (gateway/src/store/types.ts).
 */
import type { MeasurementValue } from '../types';

/** Retention class of a reading (local only: not carried by the envelope, see envelope.md). */
export type PriorityLevel = 0 | 1 | 2 | 3;

export interface ReadingInput {
  deviceId: string;
  /** Time of observation, ms since epoch. */
  observedAt: number;
  /** Time the gateway received it, ms since epoch. */
  receivedAt: number;
  /** Where it came from: e.g. "lorawan:2" (transport:fPort), "serial", "tap", "demo". */
  source: string;
  measurements: Record<string, MeasurementValue>;
  /** Quality flag bit set (0 = ok). */
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
  /** Dotted type, e.g. "health.mode", "lighting.lamp_failure". */
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
