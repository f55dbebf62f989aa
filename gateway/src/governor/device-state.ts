import type { TimerHandle } from '@ardoise/device-sdk';
import type { Actuation, ActuationRequest, ActuatorReport } from './types';

/** What the governor believes a device should be doing, and the bookkeeping around it. */
export interface DeviceState {
  /** Last sent action's identity (change detection) and expected state. */
  key?: string;
  expected?: { level?: number; openUntil?: number };
  request?: ActuationRequest;
  seq?: number;
  confirmed: boolean;
  lastSentMono?: number;
  /** Last explicit override sent without waiting for the rate limit (at most one per window). */
  lastPromptMono?: number;
  reportsSinceSend: number;
  reasserts: number;
  unresponsive: boolean;
  pending?: ActuationRequest;
  timer?: TimerHandle;
  lastRefusal?: string;
}

export const newDeviceState = (): DeviceState => ({ confirmed: false, reportsSinceSend: 0, reasserts: 0, unresponsive: false });

/** Identity of an action for "send on change only". */
export function actionKey(a: Actuation, expiresAt?: number): string {
  switch (a.command) {
    case 'set_level':
      return `level:${a.level}`;
    case 'override':
      return `override:${a.level}:${expiresAt === undefined ? '' : Math.floor(expiresAt / 60_000)}`;
    case 'open':
      return 'open';
    case 'close':
      return 'close';
  }
}

export function expectedAfter(a: Actuation, now: number): DeviceState['expected'] {
  switch (a.command) {
    case 'set_level':
    case 'override':
      return { level: a.level };
    case 'open':
      return { openUntil: now + a.durationMin * 60_000 };
    case 'close':
      return { openUntil: 0 };
  }
}

/** Still in force? An open valve's opening ends at its self-close time. */
export function stillInForce(s: DeviceState, key: string, now: number): boolean {
  if (s.key !== key) return false;
  if (key === 'open') return (s.expected?.openUntil ?? 0) > now;
  return true;
}

/**
 * Does the report agree with what the device should be doing? undefined = the report proves nothing.
 * A valve reporting CLOSED while an opening is expected proves nothing either: the device may have
 * self-closed on the opening's volume limit (the governor cannot tell), or the opening was lost.
 * Re-opening it would deliver water beyond the limits the irrigation rule accounted for, so the
 * governor never re-asserts an opening (fail-safe closed); the rule re-decides at its next
 * evaluation once the opening's self-close time has passed. A valve reporting OPEN when it should
 * be closed is re-asserted (and raises actuator_unresponsive if it persists).
 */
export function agrees(expected: NonNullable<DeviceState['expected']>, report: ActuatorReport, now: number, tolerance: number): boolean | undefined {
  if (expected.level !== undefined && report.level !== undefined) return Math.abs(report.level - expected.level) <= tolerance;
  if (expected.openUntil !== undefined && report.valveOpen !== undefined) {
    const shouldBeOpen = expected.openUntil > now;
    if (shouldBeOpen && !report.valveOpen) return undefined;
    return report.valveOpen === shouldBeOpen;
  }
  return undefined;
}

/** The action that restores the expected state now (re-assert). */
export function restoring(expected: NonNullable<DeviceState['expected']>, now: number): Actuation {
  if (expected.level !== undefined) return { command: 'set_level', level: expected.level };
  const until = expected.openUntil ?? 0;
  return until > now ? { command: 'open', durationMin: Math.max(1, Math.ceil((until - now) / 60_000)), maxVolumeL: 0 } : { command: 'close' };
}
