import type { Actuation, ActuationRequest, ActuatorPolicy, GovernorSettings } from './types';

export type Enforced = { ok: true; action: Actuation; adjusted?: string } | { ok: false; detail: string };

const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Shape checks: what is wrong, where, and what is allowed. */
function validate(r: ActuationRequest, now: number, s: GovernorSettings): string | undefined {
  const a = r.action;
  if (a.command === 'set_level' || a.command === 'override') {
    if (!isInt(a.level, 0, 100)) return `${a.command}.level is ${JSON.stringify(a.level)}; allowed: integer 0..100`;
  }
  if (a.command === 'override' && !isInt(a.durationMin, 1, 10_080)) return `override.durationMin is ${JSON.stringify(a.durationMin)}; allowed: integer 1..10080`;
  if (a.command === 'open') {
    if (!isInt(a.durationMin, 1, 1440)) return `open.durationMin is ${JSON.stringify(a.durationMin)}; allowed: integer 1..1440`;
    if (!isInt(a.maxVolumeL, 0, 1_000_000)) return `open.maxVolumeL is ${JSON.stringify(a.maxVolumeL)}; allowed: integer 0..1000000 (0 = the valve's limit)`;
  }
  if (r.reason === 'override') {
    if (r.expiresAt === undefined) return 'an override needs expiresAt (overrides always expire)';
    if (r.expiresAt <= now) return `override expired at ${new Date(r.expiresAt).toISOString()}`;
    if (r.expiresAt - now > s.maxOverrideMs) return `override lasts ${Math.round((r.expiresAt - now) / 60_000)} min; allowed: at most ${s.maxOverrideMs / 60_000} min`;
  }
  return undefined;
}

/**
 * The invariants: lamps never below the never-off floor when it is in force; valves never open
 * under a ban, never longer or for more litres than their limits, always with a self-close.
 * Returns the action to send (possibly adjusted, saying how) or why it is refused.
 */
export function enforce(r: ActuationRequest, kind: 'lamp' | 'valve', policy: ActuatorPolicy, now: number, s: GovernorSettings): Enforced {
  const invalid = validate(r, now, s);
  if (invalid) return { ok: false, detail: invalid };
  const a = r.action;
  const lampCommand = a.command === 'set_level' || a.command === 'override';
  if (lampCommand !== (kind === 'lamp')) return { ok: false, detail: `${a.command} is not a ${kind} command; allowed: ${kind === 'lamp' ? 'set_level, override' : 'open, close'}` };
  if (a.command === 'set_level' || a.command === 'override') {
    const floor = policy.lampFloor(r.deviceId, now);
    let action: Actuation = a;
    if (a.command === 'override' && r.expiresAt !== undefined) action = { ...a, durationMin: Math.min(a.durationMin, Math.ceil((r.expiresAt - now) / 60_000)) };
    if (floor !== undefined && a.level < floor) return { ok: true, action: { ...action, level: floor }, adjusted: `level ${a.level} raised to the never-off floor ${floor}` };
    return { ok: true, action };
  }
  if (a.command === 'close') return { ok: true, action: a };
  const ban = policy.valveBan(r.deviceId, now);
  if (ban) return { ok: false, detail: `opening refused: ${ban}` };
  const lim = policy.valveLimits(r.deviceId);
  const durationMin = Math.min(a.durationMin, lim.maxOpenMin);
  const maxVolumeL = a.maxVolumeL === 0 ? lim.maxVolumeL : Math.min(a.maxVolumeL, lim.maxVolumeL);
  const adjusted = durationMin !== a.durationMin || maxVolumeL !== a.maxVolumeL ? `limited to ${durationMin} min / ${maxVolumeL} L` : undefined;
  return { ok: true, action: { command: 'open', durationMin, maxVolumeL }, ...(adjusted ? { adjusted } : {}) };
}
