import type { Clock } from '@ardoise/device-sdk';
import { moduleLogger, silentLogger, type Logger } from '../logging';
import type { MqttLink } from '../sync/mqtt-link';
import { topics } from '../sync/topics';
import type { DownKind } from './message';
import type { DownAck, DownstreamProcessor } from './processor';

/**
 * Wires the MQTT link to the processor: subscribes to down/commands and down/config (QoS 1,
 * session kept by the broker while offline) and publishes every outcome on down/acks.
 * Messages are processed one at a time in arrival order.
 */
export class DownstreamSubscriber {
  private chain: Promise<void> = Promise.resolve();
  private readonly log: Logger;
  private readonly onMessage = (topic: string, payload: Buffer): void => {
    const kind = this.kindOf(topic);
    if (!kind) return;
    this.chain = this.chain.then(() => this.handle(kind, payload));
  };

  constructor(
    private readonly link: MqttLink,
    private readonly processor: DownstreamProcessor,
    private readonly gatewayId: string,
    private readonly clock: Clock,
    logger?: Logger,
  ) {
    this.log = moduleLogger(logger ?? silentLogger(), 'downstream');
  }

  start(): void {
    this.link.on('message', this.onMessage);
    this.link.subscribe(topics.down(this.gatewayId, 'commands'));
    this.link.subscribe(topics.down(this.gatewayId, 'config'));
  }

  stop(): void {
    this.link.off('message', this.onMessage);
  }

  /** Resolves when every message received so far has been processed and acknowledged. */
  idle(): Promise<void> {
    return this.chain;
  }

  private kindOf(topic: string): DownKind | undefined {
    if (topic === topics.down(this.gatewayId, 'commands')) return 'commands';
    if (topic === topics.down(this.gatewayId, 'config')) return 'config';
    return undefined;
  }

  private async handle(kind: DownKind, payload: Buffer): Promise<void> {
    let ack: DownAck;
    try {
      ack = await this.processor.process(kind, payload);
    } catch (error) {
      ack = { id: null, kind, status: 'failed', reason: 'internal', detail: (error as Error).message, at: this.clock.now() };
    }
    this.log.info({ id: ack.id, kind, status: ack.status, reason: ack.reason }, 'downstream message');
    await this.link.publish(topics.downAcks(this.gatewayId), JSON.stringify(ack)).catch((error: Error) => {
      this.log.warn({ id: ack.id, err: error.message }, 'ack not delivered (link down); the sender will retry and get "duplicate"');
    });
  }
}
