import { decodeBatch, type StoredCommand, type StoredEvent, type StoredReading, type SyncBatch } from '@ardoise/codecs';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { StreamCoverage, type CoverageReport } from './coverage';

/**
 * Reference receiver: the documented example of the cloud side of Ardoise sync (see README.md).
 * Subscribes with an MQTT v5 shared subscription so several instances split the load, decodes
 * envelopes with @ardoise/codecs, deduplicates by (gateway_id, stream, seq), releases records in
 * seq order and reports gaps. A publish the broker delivers twice (after a reconnect) costs
 * nothing: its range is already covered.
 */
export type Stream = SyncBatch['stream'];
export type ReleasedRecord = StoredReading | StoredEvent | StoredCommand;

export interface ReceiverOptions {
  url: string;
  /** Shared-subscription group; every receiver of a group gets a share of the batches. */
  group?: string;
  clientId?: string;
  mqtt?: IClientOptions;
  /**
   * Ask a gateway to resend when its birth message advertises acknowledged cursors beyond what
   * this receiver holds (the broker lost queued batches). Default true. With several receivers
   * in a group the watermark must live in a shared database for this to be exact.
   */
  resync?: boolean;
  /** Ask the broker to keep our session (and queue batches) while we are disconnected. Default false. */
  persistentSession?: boolean;
  /**
   * Dedup/order state. Receivers of one shared-subscription group must share it (in production:
   * a database table keyed by (gateway_id, stream) + unique (gateway_id, stream, seq)); pass the
   * same Map to every instance to model that. Default: private to this instance.
   */
  coverage?: Map<string, StreamCoverage<ReleasedRecord>>;
  /** Called with records in seq order, each exactly once (per coverage state). */
  onRecords?: (gatewayId: string, stream: Stream, records: ReleasedRecord[]) => void;
}

export interface ReceiverReport {
  batches: number;
  /** Batches that could not be decoded or did not match their topic (with the first reason). */
  rejected: number;
  firstRejection?: string;
  /** Largest number of times one batch range was received (publish count per batch). */
  maxCopiesPerBatch: number;
  /** Replays this receiver asked gateways for (after a broker lost batches). */
  resyncRequests: number;
  streams: Record<string, CoverageReport>;
}

const STATE_TOPIC = /^ardoise\/v1\/([^/]+)\/state$/;
const UP_TOPIC = /^ardoise\/v1\/([^/]+)\/up\/(readings|events|commands)$/;

export class ReferenceReceiver {
  private subscribed = false;
  private readonly waiters: Array<() => void> = [];
  private batches = 0;
  private resyncRequests = 0;
  private rejected = 0;
  private firstRejection: string | undefined;
  private readonly copies = new Map<string, number>();
  private readonly coverage: Map<string, StreamCoverage<ReleasedRecord>>;
  private readonly listeners = new Set<() => void>();

  private constructor(
    private readonly client: MqttClient,
    private readonly options: ReceiverOptions,
  ) {
    this.coverage = options.coverage ?? new Map();
  }

  static async start(options: ReceiverOptions): Promise<ReferenceReceiver> {
    const client = await mqtt.connectAsync(options.url, {
      protocolVersion: 5,
      // Clean session by default: Mosquitto 2.0 restores a persisted session without its shared
      // subscription, and deliveries then silently stop (seen in the outage test). Loss while
      // the receiver is away is recovered by the resync request instead.
      clean: !options.persistentSession,
      clientId: options.clientId ?? `ardoise-receiver-${process.pid}`,
      properties: { sessionExpiryInterval: 3600 },
      reconnectPeriod: 200,
      ...options.mqtt,
    });
    const receiver = new ReferenceReceiver(client, options);
    client.on('message', (topic, payload) => receiver.onMessage(topic, payload));
    // Subscribe again on every connect, even when the broker says the session is present:
    // Mosquitto 2.0 does not restore shared subscriptions from its persistence file.
    client.on('connect', () => void receiver.subscribe().catch(() => undefined));
    client.on('close', () => (receiver.subscribed = false));
    await receiver.subscribe();
    return receiver;
  }

  private subscribe(): Promise<void> {
    return this.doSubscribe().then(() => {
      this.subscribed = true;
      for (const resolve of this.waiters.splice(0)) resolve();
    });
  }

  private async doSubscribe(): Promise<void> {
    await this.client.subscribeAsync(`$share/${this.options.group ?? 'ardoise'}/ardoise/v1/+/up/#`, { qos: 1 });
    if (this.options.resync !== false) await this.client.subscribeAsync('ardoise/v1/+/state', { qos: 1 });
  }

  report(): ReceiverReport {
    const streams: Record<string, CoverageReport> = {};
    for (const [key, cov] of this.coverage) streams[key] = cov.report();
    return {
      batches: this.batches,
      rejected: this.rejected,
      firstRejection: this.firstRejection,
      maxCopiesPerBatch: Math.max(0, ...this.copies.values()),
      resyncRequests: this.resyncRequests,
      streams,
    };
  }

  /** Resolves once `predicate(report)` holds (checked after every batch). */
  until(predicate: (report: ReceiverReport) => boolean): Promise<ReceiverReport> {
    return new Promise((resolve) => {
      const check = (): void => {
        const report = this.report();
        if (!predicate(report)) return;
        this.listeners.delete(check);
        resolve(report);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Resolves when connected and subscribed (e.g. after a broker restart). */
  async whenSubscribed(): Promise<void> {
    if (!this.subscribed) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  async stop(): Promise<void> {
    await this.client.endAsync();
  }

  private onMessage(topic: string, payload: Buffer): void {
    const state = STATE_TOPIC.exec(topic);
    if (state) return this.onState(state[1]!, payload);
    this.batches++;
    try {
      this.accept(topic, payload);
    } catch (error) {
      this.rejected++;
      this.firstRejection ??= `${topic}: ${(error as Error).message}`;
    }
    for (const listener of [...this.listeners]) listener();
  }

  /** A gateway (re)connected: compare its acknowledged cursors with what we hold. */
  private onState(gatewayId: string, payload: Buffer): void {
    let body: { state?: unknown; cursors?: Record<string, unknown> };
    try {
      body = JSON.parse(payload.toString('utf8')) as typeof body;
    } catch {
      return;
    }
    if (body.state !== 'online' || typeof body.cursors !== 'object' || body.cursors === null) return;
    for (const [stream, cursor] of Object.entries(body.cursors)) {
      const watermark = this.coverage.get(`${gatewayId}/${stream}`)?.report().watermark ?? 0;
      if (typeof cursor !== 'number' || cursor <= watermark) continue;
      this.resyncRequests++;
      void this.client.publishAsync(`ardoise/v1/${gatewayId}/down/resync`, JSON.stringify({ stream, after: watermark }), { qos: 1 });
    }
  }

  private accept(topic: string, payload: Buffer): void {
    const match = UP_TOPIC.exec(topic);
    if (!match) throw new Error('not an uplink topic');
    const batch = decodeBatch(payload);
    if (batch.gatewayId !== match[1] || batch.stream !== match[2]) {
      throw new Error(`batch of ${batch.gatewayId}/${batch.stream} published on ${topic}`);
    }
    const key = `${batch.gatewayId}/${batch.stream}`;
    const range = `${key}/${batch.firstSeq}-${batch.lastSeq}`;
    this.copies.set(range, (this.copies.get(range) ?? 0) + 1);
    let coverage = this.coverage.get(key);
    if (!coverage) this.coverage.set(key, (coverage = new StreamCoverage()));
    const released = coverage.accept(batch.firstSeq, batch.lastSeq, recordsOf(batch));
    if (released.length > 0) this.options.onRecords?.(batch.gatewayId, batch.stream, released);
  }
}

function recordsOf(batch: SyncBatch): ReleasedRecord[] {
  if (batch.stream === 'readings') return batch.readings;
  if (batch.stream === 'events') return batch.events;
  return batch.commands;
}
