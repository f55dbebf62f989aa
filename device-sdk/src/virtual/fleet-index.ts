export { type FleetDeviceSpec, type FleetOptions, type FleetUplink, VirtualFleet } from './fleet';
export { DEMO_SITE, demoFleet } from './fleet-demo';
export { type Environment, type Site, clearSkyLux, environmentAt, localHour } from './fleet-env';
export { type Random, seededRandom } from './fleet-random';
export { type DeviceModel, type UplinkData, deviceModels, programLevel } from './devices/index';
