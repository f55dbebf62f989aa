import type { Environment } from '../fleet-env';
import type { Random } from '../fleet-random';

/** Codec-shaped uplink data: `frame` names the uplink of the first-party codec, then its fields. */
export type UplinkData = { frame: string } & Record<string, number | boolean | string>;

/** One virtual device's behaviour: a state and a function from environment to its next uplink. */
export interface DeviceBehaviour {
  report(env: Environment, elapsedMs: number): UplinkData;
}

export interface DeviceModel {
  /** Device class (config `type`). */
  type: string;
  /** First-party codec id whose `encodeUplink` turns the data into bytes. */
  codec: string;
  /** Realistic report interval at speed 1. */
  intervalMs: number;
  create(options: { id: string; group?: string; rand: Random }): DeviceBehaviour;
}
