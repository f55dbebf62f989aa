export { compareOutput } from './compare';
export { type Example, type ExampleFile, ExampleFormatError, type ExampleSection, type Section, SECTIONS, parseExampleFile } from './format';
export { type CodecResolver, type VendorCodecLoader, codecResolver, firstParty, loadCodec, readVendorSource } from './resolve';
export { type ExampleOutcome, type RunExamplesOptions, formatFailure, runExampleFile, runExampleFiles, summarize } from './run';
export { DEVICES_DIR, firstPartyExampleFiles } from './files';
