import { lightSensorModel } from './light-sensor';
import { presenceSensorModel } from './presence-sensor';
import { rainGaugeModel } from './rain-gauge';
import { soilProbeModel } from './soil-probe';
import { streetlightModel } from './streetlight';
import type { DeviceModel } from './types';
import { valveModel } from './valve';
import { waterMeterModel } from './water-meter';

export type { DeviceBehaviour, DeviceModel, UplinkData } from './types';
export { programLevel } from './streetlight';

/** Virtual device models by device class (config `type`). */
export const deviceModels: Readonly<Record<string, DeviceModel>> = Object.fromEntries(
  [streetlightModel, lightSensorModel, presenceSensorModel, soilProbeModel, valveModel, rainGaugeModel, waterMeterModel].map((m) => [m.type, m]),
);
