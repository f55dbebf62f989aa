import type { CommandReason } from '../store/types';

/** What can be asked of an actuator. Names match the first-party codecs' downlink commands. */
export type Actuation =
  | { command: 'set_level'; level: number }
  /** Timed override: the device itself falls back to its program after durationMin. */
  | { command: 'override'; level: number; durationMin: number }
  /** Open with a device-side self-close after durationMin or maxVolumeL litres. */
  | { command: 'open'; durationMin: number; maxVolumeL: number }
  | { command: 'close' };

export type ActuatorKind = 'lamp' | 'valve';

export interface ActuationRequest {
  deviceId: string;
  action: Actuation;
  /** TALQ command reason. */
  reason: CommandReason;
  /** Who asks: "rule:lighting", "rule:irrigation", "hypervisor", "node-red", … */
  source: string;
  /** Human explanation, journaled with the command. */
  why?: string;
  /** Mandatory when reason is "override": after it the request no longer applies. */
  expiresAt?: number;
}

export type GovernorStatus = 'sent' | 'unchanged' | 'deferred' | 'refused' | 'failed';

export interface GovernorResult {
  status: GovernorStatus;
  detail?: string;
  /** Journal seq when the command was journaled. */
  journalSeq?: number;
  /** The action actually sent (after floors and limits), when sent. */
  sent?: Actuation;
}

/** The site rules the governor enforces; implemented from config and rule state at integration. */
export interface ActuatorPolicy {
  kindOf(deviceId: string): ActuatorKind | undefined;
  /** Never-off floor in force for a lamp now (it is dark and the lamp is in the class), else undefined. */
  lampFloor(deviceId: string, now: number): number | undefined;
  valveLimits(deviceId: string): { maxOpenMin: number; maxVolumeL: number };
  /** Why opening this valve is forbidden now (drought ban, untrusted clock…), or undefined. */
  valveBan(deviceId: string, now: number): string | undefined;
}

/** LoRaWAN duty-cycle budget (lorawan issue), injected. */
export interface DutyCycleCheck {
  canSend(deviceId: string, now: number): { ok: true } | { ok: false; retryAt: number; detail: string };
}

/** Encodes with the device's codec and queues the downlink (glue at integration). Rejects on failure. */
export interface CommandTransport {
  send(deviceId: string, action: Actuation): Promise<void>;
  /**
   * Optional multicast (LoRaWAN class C multicast group, one downlink for a lamp group).
   * Without it, group requests are sent device by device.
   */
  multicast?(groupId: string, members: readonly string[], action: Actuation): Promise<void>;
}

/** What a device reports about itself (from decoded readings). */
export interface ActuatorReport {
  level?: number;
  valveOpen?: boolean;
}

export interface GovernorSettings {
  /** Minimum time between two commands to the same device (closing a valve is never delayed). */
  minIntervalMs: number;
  /** Mismatching reports tolerated after a send before re-asserting (class A: the first uplink may predate the downlink). */
  reportsBeforeReassert: number;
  /** Re-asserts before giving up and raising governor.actuator_unresponsive. */
  maxReasserts: number;
  /** Level difference still counted as "same" (%). */
  levelTolerance: number;
  /** Longest override accepted (ms). */
  maxOverrideMs: number;
}

export const DEFAULT_GOVERNOR: GovernorSettings = {
  minIntervalMs: 30_000,
  reportsBeforeReassert: 2,
  maxReasserts: 3,
  levelTolerance: 1,
  maxOverrideMs: 7 * 86_400_000,
};
