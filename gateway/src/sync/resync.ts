import type { Clock } from '@ardoise/device-sdk';
import { z } from 'zod';
import type { MqttLink } from './mqtt-link';
import type { Outbox } from './outbox';
import { topics } from './topics';

const request = z
  .object({ stream: z.enum(['readings', 'events', 'commands']), after: z.number().int().nonnegative() })
  .strict();

/**
 * Cloud-side loss recovery. A PUBACK means the broker took the batch, not that it reached the
 * receiver's database: a broker killed -9 loses what it had queued. The birth message carries
 * the gateway's acknowledged cursors; a receiver whose watermark is lower publishes
 * `{"stream": "...", "after": WATERMARK}` on ardoise/v1/{gw}/down/resync and the outbox
 * rewinds to it (7+ days of data are kept locally).
 *
 * Not signed: it can only make the gateway resend its own data to the same broker. To bound
 * abuse, at most one rewind per stream per `minIntervalMs` (default 10 s), payload ≤ 256 bytes,
 * and the resend is subject to the bandwidth cap.
 */
export class ResyncListener {
  private readonly last = new Map<string, number>();
  private readonly topic: string;
  private readonly onMessage = (topic: string, payload: Buffer): void => {
    if (topic === this.topic) this.handle(payload);
  };

  constructor(
    private readonly link: MqttLink,
    private readonly outbox: Outbox,
    gatewayId: string,
    private readonly clock: Clock,
    private readonly minIntervalMs = 10_000,
  ) {
    this.topic = topics.downResync(gatewayId);
  }

  start(): void {
    this.link.on('message', this.onMessage);
    this.link.subscribe(this.topic);
  }

  stop(): void {
    this.link.off('message', this.onMessage);
  }

  private handle(payload: Buffer): void {
    if (payload.length > 256) return;
    let parsed;
    try {
      parsed = request.safeParse(JSON.parse(payload.toString('utf8')));
    } catch {
      return;
    }
    if (!parsed.success) return;
    const { stream, after } = parsed.data;
    const now = this.clock.monotonic();
    const previous = this.last.get(stream);
    if (previous !== undefined && now - previous < this.minIntervalMs) return;
    if (this.outbox.replayFrom(stream, after)) this.last.set(stream, now);
  }
}
