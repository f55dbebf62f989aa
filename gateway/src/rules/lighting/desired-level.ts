import type { Night } from './astro';
import { type NightProgram, programLevel } from './program';
import type { Lamp, LampGroup, LevelDecision, LightingOverride } from './types';

/** What the rules know at one instant besides the configuration. */
export interface LightingInputs {
  /** The night `now` belongs to (AstroClock.nightAt). */
  night: Night;
  /** The group's program placed on that night; undefined = no valid program. */
  program: NightProgram | undefined;
  /** False when the health monitor says the clock is untrusted. */
  clockTrusted: boolean;
  /** Light sensor verdict with hysteresis; undefined when there is none or it is stale. */
  sensorDark?: boolean;
  /** Latest presence detection at this lamp (or a neighbour that propagates), ms. */
  lastPresenceAt?: number;
  /** The override targeting this lamp or its group, if any (expired ones are ignored). */
  override?: LightingOverride;
}

const clamp = (v: number) => Math.max(0, Math.min(100, Math.round(v)));

/**
 * The heart of lighting: the level a lamp should have now, with the reason (TALQ command reason)
 * and a short human explanation. Pure: same inputs, same answer.
 *
 * Precedence (lowest to highest): fail-safe → astronomical program → light sensor → presence
 * boost → override → never-off floor. The floor is applied last so that nothing, not even an
 * override, leaves a never-off lamp dark at night.
 */
export function desiredLevel(group: LampGroup, lamp: Lamp, now: number, inputs: LightingInputs): LevelDecision {
  const defaultLevel = clamp(lamp.defaultLevel ?? group.defaultLevel);
  if (!inputs.clockTrusted || !inputs.program) return failSafe(group, defaultLevel, inputs, inputs.clockTrusted ? 'no valid program' : 'clock untrusted');

  const { night } = inputs;
  const astroDark = now >= night.on && now < night.off;
  let decision = base(group, now, inputs, astroDark, defaultLevel);
  const dark = decision.level > 0 || astroDark || inputs.sensorDark === true;

  if (dark && group.presence && inputs.lastPresenceAt !== undefined) decision = boost(decision, group, now, inputs.lastPresenceAt);
  const o = inputs.override;
  if (o && now >= o.start && now < o.expiry) decision = { level: clamp(o.level), reason: 'override', why: `override by ${o.source} until ${new Date(o.expiry).toISOString()}`, expiresAt: o.expiry };
  return applyFloor(decision, group, dark);
}

function failSafe(group: LampGroup, defaultLevel: number, inputs: LightingInputs, cause: string): LevelDecision {
  if (inputs.sensorDark !== undefined) {
    const level = inputs.sensorDark ? defaultLevel : 0;
    return applyFloor({ level, reason: 'sensor', why: `${cause}: light sensor says ${inputs.sensorDark ? 'dark' : 'bright'}` }, group, inputs.sensorDark);
  }
  return { level: defaultLevel, reason: 'default', why: `${cause}: default level` };
}

function base(group: LampGroup, now: number, inputs: LightingInputs, astroDark: boolean, defaultLevel: number): LevelDecision {
  const { night, program, sensorDark } = inputs;
  const p = program as NightProgram;
  if (sensorDark === true && !astroDark) return { level: defaultLevel, reason: 'sensor', why: 'light sensor dark outside the astronomical night' };
  if (!astroDark) return { level: 0, reason: 'program', why: 'daytime (astronomical clock)' };
  const shift = (group.sensor?.maxShiftMin ?? 0) * 60_000;
  if (sensorDark === false && (now < night.on + shift || now >= night.off - shift)) {
    return { level: 0, reason: 'sensor', why: 'light sensor bright near twilight' };
  }
  const { level, switchedOff } = programLevel(p, now);
  const where = p.exception ? `exception "${p.exception}" → profile "${p.profile}"` : `profile "${p.profile}"`;
  return { level, reason: 'program', why: switchedOff ? `${where}: night switch-off window` : where };
}

function boost(d: LevelDecision, group: LampGroup, now: number, at: number): LevelDecision {
  const p = group.presence!;
  const held = at + p.holdS * 1000;
  if (now < at || now >= held + p.fadeS * 1000) return d;
  const boosted = now < held ? p.level : p.level + (d.level - p.level) * ((now - held) / (p.fadeS * 1000));
  const level = clamp(boosted);
  return level > d.level ? { level, reason: 'sensor', why: now < held ? 'presence boost' : 'presence boost fading back' } : d;
}

function applyFloor(d: LevelDecision, group: LampGroup, dark: boolean): LevelDecision {
  const floor = group.neverOffFloor;
  if (floor === undefined || !dark || d.level >= floor) return d;
  return { level: clamp(floor), reason: d.reason, why: `${d.why}; raised to the never-off floor ${floor} %` };
}
