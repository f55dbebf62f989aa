export { canonicalJson } from './canonical-json';
export { JournalingCommandSink, type CommandSink, type SinkOutcome } from './command-sink';
export type { CommandBody, ConfigBody, DownEnvelope, DownKind, DownstreamMessage } from './message';
export { DownstreamProcessor, DOWNSTREAM_DEFAULTS, type AckStatus, type DownAck, type DownstreamLimits } from './processor';
export { DownstreamSubscriber } from './subscriber';
export { SignatureVerifier, signHmac, type VerifierConfig } from './verifier';
export { GovernorCommandSink, type Governor } from './governor-sink';
export { startDownstream, type DownstreamOptions } from './start';
