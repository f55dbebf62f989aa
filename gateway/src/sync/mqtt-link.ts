import { EventEmitter } from 'node:events';
import mqtt, { type MqttClient } from 'mqtt';
import { moduleLogger, silentLogger, type Logger } from '../logging';
import type { Clock, TimerHandle } from '@ardoise/device-sdk';
import { Backoff } from './backoff';
import { buildClientOptions, LINK_DEFAULTS, type LinkConfig } from './link-config';
import { classifyLinkError, type LinkError } from './link-errors';
import { assertGatewayId, topics } from './topics';

export type LinkState = 'idle' | 'connecting' | 'up' | 'backoff' | 'stopped';

export interface LinkStatus {
  state: LinkState;
  lastError?: LinkError;
  /** Successful connections since start. */
  connects: number;
  /** Delay of the pending reconnect, when in backoff. */
  retryInMs?: number;
}

export interface LinkEvents {
  up: [];
  down: [LinkError];
  message: [topic: string, payload: Buffer];
}

export interface LinkDeps {
  clock: Clock;
  logger?: Logger;
  /** Injected for deterministic jitter in tests. */
  random?: () => number;
}

interface PendingPublish {
  reject(error: Error): void;
  timer: TimerHandle;
}

/**
 * One MQTT v5 connection to the upstream broker, kept alive for the agent's lifetime.
 * - reconnects with exponential backoff + jitter on the Clock (mqtt.js auto-reconnect is off);
 * - retained birth/will on `ardoise/v1/{gw}/state` (online + health mode / offline);
 * - a broker that accepts TCP but never sends CONNACK, or stops acknowledging PUBLISH, is
 *   detected by a Clock timeout and the connection is recycled;
 * - `publish` resolves only on PUBACK: the caller (outbox) advances its cursor then, never before.
 * A fresh mqtt.js client is made per connection so nothing durable lives in its memory.
 */
export class MqttLink extends EventEmitter<LinkEvents> {
  private client: MqttClient | undefined;
  private generation = 0;
  private stateValue: LinkState = 'idle';
  private lastError: LinkError | undefined;
  private connects = 0;
  private retryInMs: number | undefined;
  private timer: TimerHandle | undefined;
  private heartbeat: TimerHandle | undefined;
  private health = 'online';
  private readonly backoff: Backoff;
  private readonly pending = new Set<PendingPublish>();
  private readonly subscriptions = new Set<string>();
  private readonly log: Logger;
  readonly stateTopic: string;
  /** Extra fields of the birth message (the outbox adds its acknowledged cursors). */
  birthInfo: () => Record<string, unknown> = () => ({});

  constructor(
    private readonly config: LinkConfig,
    private readonly deps: LinkDeps,
  ) {
    super();
    assertGatewayId(config.gatewayId);
    this.stateTopic = topics.state(config.gatewayId);
    this.backoff = new Backoff(config.backoff ?? LINK_DEFAULTS.backoff, deps.random);
    this.log = moduleLogger(deps.logger ?? silentLogger(), 'sync.mqtt');
  }

  get isUp(): boolean {
    return this.stateValue === 'up';
  }

  status(): LinkStatus {
    return { state: this.stateValue, lastError: this.lastError, connects: this.connects, retryInMs: this.retryInMs };
  }

  start(): void {
    if (this.stateValue !== 'idle') return;
    const every = this.config.stateIntervalMs ?? LINK_DEFAULTS.stateIntervalMs;
    this.heartbeat = this.deps.clock.setInterval(() => this.publishState(), every);
    void this.attempt();
  }

  /** Re-publishes the retained online state (health, outbox cursors) while up. */
  publishState(): void {
    if (this.isUp) void this.publish(this.stateTopic, this.statePayload('online'), { retain: true }).catch(() => undefined);
  }

  /** Publishes a retained "offline (shutdown)" state, then disconnects cleanly. */
  async stop(): Promise<void> {
    if (this.stateValue === 'stopped') return;
    const wasUp = this.isUp;
    this.stateValue = 'stopped';
    this.deps.clock.clearTimeout(this.timer);
    this.deps.clock.clearInterval(this.heartbeat);
    const client = this.client;
    this.client = undefined;
    this.generation++;
    if (client && wasUp) {
      await new Promise<void>((resolve) => client.publish(this.stateTopic, this.statePayload('offline', 'shutdown'), { qos: 1, retain: true }, () => resolve()));
    }
    this.failPending(new Error('MQTT link stopped'));
    if (client) await new Promise<void>((resolve) => client.end(!wasUp, {}, () => resolve()));
  }

  /** Health mode shown in the retained birth message; republished when it changes. */
  setHealth(mode: string): void {
    if (mode === this.health) return;
    this.health = mode;
    this.publishState();
  }

  /** Subscribed now if up, and again after every reconnect. */
  subscribe(topic: string): void {
    this.subscriptions.add(topic);
    if (this.isUp) this.client?.subscribe(topic, { qos: 1 });
  }

  /** QoS 1 by default; resolves on PUBACK, rejects if the link is down or drops first. */
  publish(topic: string, payload: Buffer | string, options: { qos?: 0 | 1; retain?: boolean } = {}): Promise<void> {
    const client = this.client;
    if (!client || !this.isUp) return Promise.reject(new Error('MQTT link is down'));
    const qos = options.qos ?? 1;
    return new Promise<void>((resolve, reject) => {
      const entry: PendingPublish = {
        reject,
        timer: this.deps.clock.setTimeout(() => this.onAckTimeout(), this.config.ackTimeoutMs ?? LINK_DEFAULTS.ackTimeoutMs),
      };
      this.pending.add(entry);
      client.publish(topic, payload, { qos, retain: options.retain ?? false }, (error) => {
        if (!this.pending.delete(entry)) return;
        this.deps.clock.clearTimeout(entry.timer);
        if (error) reject(error);
        else resolve();
      });
    });
  }

  private statePayload(state: 'online' | 'offline', reason?: string): string {
    const body: Record<string, unknown> = { state, gateway_id: this.config.gatewayId, at: this.deps.clock.now() };
    if (state === 'online') Object.assign(body, this.birthInfo(), { health: this.health });
    if (reason) body.reason = reason;
    return JSON.stringify(body);
  }

  private async attempt(): Promise<void> {
    const generation = ++this.generation;
    this.stateValue = 'connecting';
    this.retryInMs = undefined;
    let options;
    try {
      options = await buildClientOptions(this.config, { topic: this.stateTopic, payload: Buffer.from(this.statePayload('offline', 'lost')) });
    } catch (error) {
      return this.drop(generation, { kind: 'config', message: (error as Error).message });
    }
    if (generation !== this.generation) return;
    const client = mqtt.connect(this.config.url, options);
    this.client = client;
    const connectTimeout = this.config.connectTimeoutMs ?? LINK_DEFAULTS.connectTimeoutMs;
    this.timer = this.deps.clock.setTimeout(
      () => this.drop(generation, { kind: 'timeout', message: `no CONNACK from ${this.config.url} within ${connectTimeout} ms` }),
      connectTimeout,
    );
    let attemptError: LinkError | undefined;
    client.on('error', (error) => {
      attemptError = classifyLinkError(error);
    });
    client.on('connect', () => this.onConnect(generation, client));
    client.on('message', (topic, payload) => {
      if (generation === this.generation) this.emit('message', topic, payload);
    });
    client.on('close', () => this.drop(generation, attemptError ?? { kind: 'network', message: `connection to ${this.config.url} closed` }));
  }

  private onConnect(generation: number, client: MqttClient): void {
    if (generation !== this.generation) return;
    this.deps.clock.clearTimeout(this.timer);
    this.stateValue = 'up';
    this.connects++;
    this.lastError = undefined;
    this.backoff.reset();
    this.log.info({ url: this.config.url, connects: this.connects }, 'upstream link up');
    // Subscribe before the birth: a receiver reacting to the birth (resync) must find us listening.
    for (const topic of this.subscriptions) client.subscribe(topic, { qos: 1 });
    client.publish(this.stateTopic, this.statePayload('online'), { qos: 1, retain: true });
    this.emit('up');
  }

  private onAckTimeout(): void {
    const ms = this.config.ackTimeoutMs ?? LINK_DEFAULTS.ackTimeoutMs;
    this.drop(this.generation, { kind: 'timeout', message: `broker did not acknowledge a publish within ${ms} ms: recycling the connection` });
  }

  private drop(generation: number, error: LinkError): void {
    if (generation !== this.generation || this.stateValue === 'stopped') return;
    this.generation++;
    const wasUp = this.isUp;
    this.deps.clock.clearTimeout(this.timer);
    this.lastError = error;
    const client = this.client;
    this.client = undefined;
    if (client) {
      client.removeAllListeners('close');
      client.removeAllListeners('connect');
      client.end(true);
    }
    this.failPending(new Error(`MQTT link dropped: ${error.message}`));
    this.retryInMs = this.backoff.next();
    this.stateValue = 'backoff';
    this.log.warn({ kind: error.kind, code: error.code, retryInMs: this.retryInMs }, error.message);
    this.timer = this.deps.clock.setTimeout(() => void this.attempt(), this.retryInMs);
    if (wasUp || error) this.emit('down', error);
  }

  private failPending(error: Error): void {
    for (const entry of this.pending) {
      this.deps.clock.clearTimeout(entry.timer);
      entry.reject(error);
    }
    this.pending.clear();
  }
}
