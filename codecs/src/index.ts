export * from './types';
export * from './vocabulary';
export * from './kit/index';
export { type DeviceClass, deviceCodecs, getCodec, listCodecs } from './registry';
export * from './examples/index';
export * from './envelope/index';
