import type { ActuatorPolicy } from '../governor/types';
import { localParts } from './local-time';
import type { IrrigationModel, LightingModel } from './build';
import { banFor, describeWindow } from './irrigation/drought';
import type { DroughtLevel, Zone } from './irrigation/types';
import type { AstroClock } from './lighting/astro';

export interface PolicySources {
  lighting: LightingModel;
  irrigation: IrrigationModel;
  astro: AstroClock;
  timezone: string;
  clockTrusted(): boolean;
  /** Light-sensor verdict for a group (undefined = none/stale). */
  sensorDark?(groupId: string, now: number): boolean | undefined;
  droughtLevel(now: number): DroughtLevel;
}

/**
 * The site's invariants for the governor, from the rules' configuration and state.
 * When in doubt it is safe: an untrusted clock counts as "dark" for the never-off floor and
 * forbids opening valves.
 */
export function rulesPolicy(src: PolicySources): ActuatorPolicy {
  const lampGroup = new Map(src.lighting.lamps.map((l) => [l.id, l.group]));
  const valveZone = new Map<string, Zone>();
  for (const z of src.irrigation.zones) for (const v of z.valves) valveZone.set(v, z);
  return {
    kindOf: (id) => (lampGroup.has(id) ? 'lamp' : valveZone.has(id) ? 'valve' : undefined),
    lampFloor(id, now) {
      const group = src.lighting.groups.get(lampGroup.get(id) ?? '');
      if (group?.neverOffFloor === undefined) return undefined;
      const dark = !src.clockTrusted() || src.astro.isDark(now) || src.sensorDark?.(group.id, now) === true;
      return dark ? group.neverOffFloor : undefined;
    },
    valveLimits(id) {
      const z = valveZone.get(id)!;
      return { maxOpenMin: z.maxOpenMin, maxVolumeL: z.maxVolumeL };
    },
    valveBan(id, now) {
      if (!src.clockTrusted()) return 'clock untrusted (irrigation fails closed)';
      const z = valveZone.get(id)!;
      const level = src.droughtLevel(now);
      const ban = banFor(src.irrigation.bans, level, z.kind, localParts(now, src.timezone).minutes);
      return ban ? `drought level ${level} bans ${z.kind} watering ${describeWindow(ban.window)}` : undefined;
    },
  };
}
