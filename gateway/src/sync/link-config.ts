import { readFile } from 'node:fs/promises';
import type { IClientOptions } from 'mqtt';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff';

/**
 * Upstream broker settings. Secrets are never inline: CA, client certificate/key and
 * password are read from files at every connection attempt (so a rotated file is picked up).
 */
export interface LinkConfig {
  /** mqtt://host:port or mqtts://host:port */
  url: string;
  gatewayId: string;
  /** Default `ardoise-{gatewayId}`. */
  clientId?: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** An already-resolved client key (PEM), when the config references it by environment variable. */
  key?: string;
  username?: string;
  passwordFile?: string;
  /** An already-resolved secret (from the config's {file}/{env} reference); passwordFile wins. */
  password?: string;
  keepaliveS?: number;
  /** No CONNACK within this → the attempt is abandoned and retried with backoff. */
  connectTimeoutMs?: number;
  /** A QoS 1 publish not acknowledged within this → the connection is recycled. */
  ackTimeoutMs?: number;
  /** Broker keeps our session (and queued downstream commands) this long while we are away. */
  sessionExpiryS?: number;
  /** The retained online state (health + outbox cursors) is re-published this often (default 60 s). */
  stateIntervalMs?: number;
  backoff?: BackoffOptions;
}

export const LINK_DEFAULTS = {
  keepaliveS: 30,
  connectTimeoutMs: 10_000,
  ackTimeoutMs: 15_000,
  sessionExpiryS: 3_600,
  stateIntervalMs: 60_000,
  backoff: DEFAULT_BACKOFF,
} as const;

/** Largest MQTT packet the gateway accepts from the broker (bytes). */
export const MAX_INCOMING_PACKET = 256 * 1024;

async function readSecret(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw Object.assign(new Error(`cannot read ${what} file ${path}: ${(error as Error).message}`), { code: 'CONFIG' });
  }
}

/** mqtt.js options for one attempt; reconnects and timeouts are ours (on the Clock), not mqtt.js's. */
export async function buildClientOptions(config: LinkConfig, will: { topic: string; payload: Buffer }): Promise<IClientOptions> {
  const options: IClientOptions = {
    protocolVersion: 5,
    clientId: config.clientId ?? `ardoise-${config.gatewayId}`,
    clean: false,
    keepalive: config.keepaliveS ?? LINK_DEFAULTS.keepaliveS,
    reconnectPeriod: 0,
    connectTimeout: 0x7fffffff,
    queueQoSZero: false,
    // Bounded input: the broker must not send us packets above this (downstream messages are ≤ 16 KiB).
    properties: { sessionExpiryInterval: config.sessionExpiryS ?? LINK_DEFAULTS.sessionExpiryS, maximumPacketSize: MAX_INCOMING_PACKET },
    will: { topic: will.topic, payload: will.payload, qos: 1, retain: true },
  };
  if (config.caFile) options.ca = await readSecret(config.caFile, 'CA');
  if (config.certFile) options.cert = await readSecret(config.certFile, 'client certificate');
  if (config.key !== undefined) options.key = config.key;
  if (config.keyFile) options.key = await readSecret(config.keyFile, 'client key');
  if (config.username) options.username = config.username;
  if (config.password !== undefined) options.password = config.password;
  if (config.passwordFile) options.password = (await readSecret(config.passwordFile, 'password')).toString('utf8').trim();
  if (config.url.startsWith('mqtts:')) options.rejectUnauthorized = true;
  return options;
}
