import type { Clock } from '@ardoise/device-sdk';
import type { Logger } from '../logging';
import type { Store } from '../store/types';
import type { MqttLink } from '../sync/mqtt-link';
import type { CommandSink } from './command-sink';
import { DownstreamProcessor, type DownstreamLimits } from './processor';
import { DownstreamSubscriber } from './subscriber';
import { SignatureVerifier, type VerifierConfig } from './verifier';

export interface DownstreamOptions {
  link: MqttLink;
  store: Store;
  clock: Clock;
  gatewayId: string;
  /** At least one key; without any, every message is rejected ("unsupported_algorithm"). */
  keys: VerifierConfig;
  /** E.g. new RulesCommandSink(rules, clock, new GovernorCommandSink(governor, store, new JournalingCommandSink(store, clock))). */
  sink: CommandSink;
  limits?: Partial<DownstreamLimits>;
  logger?: Logger;
}

/** One call for the agent: verify keys load, subscribe to down/commands and down/config, ack on down/acks. */
export function startDownstream(o: DownstreamOptions): DownstreamSubscriber {
  const verifier = new SignatureVerifier(o.keys);
  const processor = new DownstreamProcessor({ store: o.store, sink: o.sink, verifier, clock: o.clock, gatewayId: o.gatewayId }, o.limits);
  const subscriber = new DownstreamSubscriber(o.link, processor, o.gatewayId, o.clock, o.logger);
  subscriber.start();
  return subscriber;
}
