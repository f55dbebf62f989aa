export { type KeyReader, LorawanConfigError, lorawanDevicesFromConfig } from './device-config';
export { decodeFrameJson, type FrameKeys } from './frame-json';
export { type LorawanInput, type LorawanInputOptions, startLorawanInput, toUplinkFrame } from './lorawan-input';
export { MAX_QUEUED_DOWNLINKS, StoreSessionStorage } from './store-session-storage';
export { type LorawanAirDemo, type LorawanAirDemoOptions, startLorawanAirDemo } from './demo-air';
export { actuationToCodecData, LorawanCommandTransport, LorawanDutyCycle } from './command-transport';
