import { airQuality } from './devices/ardoise-air-quality';
import { lightSensor } from './devices/ardoise-light-sensor';
import { parkingSensor } from './devices/ardoise-parking';
import { presenceSensor } from './devices/ardoise-presence-sensor';
import { rainGauge } from './devices/ardoise-rain-gauge';
import { soilProbe } from './devices/ardoise-soil-probe';
import { streetlight } from './devices/ardoise-streetlight';
import { valve } from './devices/ardoise-valve';
import { waterMeter } from './devices/ardoise-water-meter';
import type { FirstPartyCodec } from './kit/index';

/**
 * First-party codecs by device class: what simulators and virtual devices use (`encodeUplink`,
 * `decodeDownlink`) and what the gateway uses (`decodeUplink`, `encodeDownlink`, `measurements`).
 */
export const deviceCodecs = {
  streetlight,
  lightSensor,
  presenceSensor,
  soilProbe,
  valve,
  rainGauge,
  waterMeter,
  parkingSensor,
  airQuality,
} as const satisfies Record<string, FirstPartyCodec>;

export type DeviceClass = keyof typeof deviceCodecs;

const byId: ReadonlyMap<string, FirstPartyCodec> = new Map(Object.values(deviceCodecs).map((c) => [c.id, c]));

/** The first-party codec with this id (e.g. `ardoise-streetlight`), or undefined. */
export function getCodec(id: string): FirstPartyCodec | undefined {
  return byId.get(id);
}

/** Every first-party codec, in a stable order. */
export function listCodecs(): FirstPartyCodec[] {
  return [...byId.values()];
}
