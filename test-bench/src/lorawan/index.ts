/** The concentrator simulator and LoRaWAN virtual devices live in device-sdk; re-exported for benches and scenarios. */
export { ConcentratorSimulator, RadioMedium, VirtualLorawanDevice } from '@ardoise/device-sdk';
export type { ConcentratorSimulatorOptions, Placement, ReceivedDownlink, SimulatedUplinkRadio, Transmission, VirtualLorawanDeviceOptions } from '@ardoise/device-sdk';
