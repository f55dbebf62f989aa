export * from './types';
export * from './vocabulary';
export * from './kit/index';
export { type DeviceClass, deviceCodecs, getCodec, listCodecs } from './registry';
// The example runner reads files (node:fs): import it from '@ardoise/codecs/examples'; the root stays browser-safe.
export { compareOutput } from './examples/compare';
export { type Example, type ExampleFile, ExampleFormatError, type ExampleSection, type Section, SECTIONS, parseExampleFile } from './examples/format';
export * from './envelope/index';
export { prng } from './prng';
