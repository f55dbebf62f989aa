import { encodeBatch } from '@ardoise/codecs';
import type { Clock } from '@ardoise/device-sdk';
import type { Logger } from '../logging';
import type { Store } from '../store/types';
import type { LinkConfig } from './link-config';
import { MqttLink, type LinkStatus } from './mqtt-link';
import { Outbox, type LaneStatus } from './outbox';
import type { OutboxConfig } from './outbox-config';
import type { LaneName } from './lanes';
import { ResyncListener } from './resync';

export interface SyncOptions {
  store: Store;
  clock: Clock;
  link: LinkConfig;
  outbox?: Omit<OutboxConfig, 'gatewayId'>;
  /** Minimum time between two receiver-requested rewinds of one stream (default 10 s). */
  resyncMinIntervalMs?: number;
  logger?: Logger;
}

export interface SyncStatus {
  link: LinkStatus;
  lanes: Record<LaneName, LaneStatus>;
}

/** The upstream half of the agent: one MQTT link and the outbox that drains the store over it. */
export class SyncService {
  readonly link: MqttLink;
  readonly outbox: Outbox;
  private readonly resync: ResyncListener;

  constructor(options: SyncOptions) {
    this.link = new MqttLink(options.link, { clock: options.clock, logger: options.logger });
    this.outbox = new Outbox(
      options.store,
      this.link,
      (batch) => encodeBatch(batch),
      { ...options.outbox, gatewayId: options.link.gatewayId },
      { clock: options.clock, logger: options.logger },
    );
    this.link.birthInfo = () => ({ cursors: this.outbox.cursors() });
    this.resync = new ResyncListener(this.link, this.outbox, options.link.gatewayId, options.clock, options.resyncMinIntervalMs);
  }

  start(): void {
    this.outbox.start();
    this.resync.start();
    this.link.start();
  }

  async stop(): Promise<void> {
    this.outbox.stop();
    this.resync.stop();
    await this.link.stop();
  }

  status(): SyncStatus {
    return { link: this.link.status(), lanes: this.outbox.status() };
  }
}
