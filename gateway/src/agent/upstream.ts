import { isAbsolute, resolve } from 'node:path';
import type { Clock } from '@ardoise/device-sdk';
import { createApiHandler, hashToken, type Scope } from '../api/index';
import { type Config, readSecret } from '../config/index';
import type { HttpServer } from '../http/server';
import { type Logger, moduleLogger } from '../logging/index';
import { type CommandSink, GovernorCommandSink, JournalingCommandSink, startDownstream } from '../downstream/index';
import { RulesCommandSink, type RulesRuntime } from '../rules/index';
import { type LinkConfig, type MqttLink, SyncService, type SyncOptions, reportUnsyncedEvictions } from '../sync/index';
import type { Core } from './core';

export interface UpstreamOptions {
  config: Config;
  core: Core;
  clock: Clock;
  http: HttpServer;
  log: Logger;
  baseDir: string;
  env: NodeJS.ProcessEnv;
  /** When rules run, hypervisor commands go through them and the safety governor. */
  rules?: RulesRuntime;
}

type Stop = () => void | Promise<void>;

/**
 * The agent's links to the hypervisor: the pull API mounted on the local HTTP server (always;
 * without tokens every request is 401) and, when `sync.enabled`, the MQTT sync whose link state
 * drives the `upstream_lost` health mode. Secrets are read here, once, and never logged.
 */
export function startUpstream(o: UpstreamOptions): Stop[] {
  const stops: Stop[] = [];
  const sink = commandSink(o);
  const started = o.config.sync.enabled ? startSync(o) : undefined;
  const sync = started?.service;
  if (started && sync) {
    stops.push(started.stop);
    const down = startDownstream({
      link: sync.link, store: o.core.store, clock: o.clock, gatewayId: o.config.site.id, sink, logger: moduleLogger(o.log, 'downstream'),
      keys: commandKeys(o),
    });
    stops.push(() => down.stop());
  }
  const api = createApiHandler({
    store: o.core.store, clock: o.clock, gatewayId: o.config.site.id, logger: o.log, sink,
    tokens: o.config.api.tokens.map((t) => ({ name: t.name, sha256: hashToken(readSecret(t.token, o.baseDir, o.env)), scopes: scopesOf(t.scope) })),
    status: () => ({ health: o.core.health.snapshot(), ...(sync ? { sync: sync.status() } : {}) }),
    changes: (listener) => {
      const offEvents = o.core.bus.on('event', listener);
      const offReadings = o.core.bus.on('reading', listener);
      return () => { offEvents(); offReadings(); };
    },
  });
  o.http.mount(api);
  stops.push(() => api.close());
  return stops;
}

/** Rule state (overrides, drought level) → rules; actuations → safety governor; the rest journaled. */
function commandSink(o: UpstreamOptions): CommandSink {
  const journal = new JournalingCommandSink(o.core.store, o.clock);
  if (!o.rules) return journal;
  return new RulesCommandSink(o.rules, o.clock, new GovernorCommandSink(o.rules.governor, o.core.store, journal));
}

function commandKeys(o: UpstreamOptions): { hmacKeyFile?: string; ed25519PublicKeyFile?: string } {
  const keys = o.config.sync.command_keys;
  const file = (path: string) => (isAbsolute(path) ? path : resolve(o.baseDir, path));
  return {
    ...(keys?.hmac_key ? { hmacKeyFile: file(keys.hmac_key.file) } : {}),
    ...(keys?.ed25519_public_key ? { ed25519PublicKeyFile: file(keys.ed25519_public_key) } : {}),
  };
}

function scopesOf(scope: 'read' | 'command'): Scope[] {
  return scope === 'command' ? ['read', 'command'] : ['read'];
}

function startSync(o: UpstreamOptions): { service: SyncService; stop: Stop } {
  const { sync, site } = o.config;
  const file = (path: string) => (isAbsolute(path) ? path : resolve(o.baseDir, path));
  const link: LinkConfig = {
    url: sync.mqtt_url!, gatewayId: site.id,
    ...(sync.client_id ? { clientId: sync.client_id } : {}),
    ...(sync.username ? { username: sync.username } : {}),
    ...(sync.password ? { password: readSecret(sync.password, o.baseDir, o.env) } : {}),
    ...(sync.tls?.ca ? { caFile: file(sync.tls.ca) } : {}),
    ...(sync.tls?.cert ? { certFile: file(sync.tls.cert) } : {}),
    ...(sync.tls?.key ? { keyFile: file(sync.tls.key.file) } : {}),
  };
  const service = new SyncService({ store: o.core.store, clock: o.clock, link, outbox: outboxOptions(sync), logger: moduleLogger(o.log, 'sync') });
  service.link.on('up', () => o.core.health.setUpstream(true));
  service.link.on('down', (error) => o.core.health.setUpstream(false, error?.message));
  const stopHealth = publishHealthUpstream(o.core, service.link);
  const stopEvictionWatch = o.core.bus.on('event', (e) => {
    if (e.type === 'storage.eviction') reportUnsyncedEvictions(o.core.store, o.clock.now());
  });
  service.start();
  return {
    service,
    stop: async () => {
      stopHealth();
      stopEvictionWatch();
      await service.stop();
    },
  };
}

/** YAML `sync` outbox keys → OutboxConfig (defaults are the schema's). */
export function outboxOptions(sync: Config['sync']): NonNullable<SyncOptions['outbox']> {
  return {
    maxBatchRecords: sync.batch_max_records, maxBatchBytes: sync.batch_max_bytes, maxInFlight: sync.max_in_flight,
    ...(sync.bandwidth_bytes_per_s ? { bandwidthBytesPerSecond: sync.bandwidth_bytes_per_s } : {}),
    ...(sync.deadbands ? { deadbands: sync.deadbands } : {}),
    ...(sync.aggregation ? { aggregation: sync.aggregation } : {}),
  };
}

/**
 * The retained `state` message carries the real health mode, republished at every `health.mode`
 * transition. `upstream_lost` is left out: whoever reads the message reached us through the
 * broker, and the will (offline, lost) already says when the link is gone.
 */
function publishHealthUpstream(core: Core, link: Pick<MqttLink, 'setHealth'>): () => void {
  const publish = () => link.setHealth(core.health.snapshot().active.find((m) => m !== 'upstream_lost') ?? 'online');
  publish();
  return core.bus.on('event', (e) => {
    if (e.type === 'health.mode') publish();
  });
}
