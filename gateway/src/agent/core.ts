import type { Clock } from '@ardoise/device-sdk';
import type { Config } from '../config/index';
import { ClockTrust } from '../health/clock-trust';
import { MetricsRegistry } from '../health/metrics';
import { HealthMonitor } from '../health/monitor';
import { type Logger, moduleLogger } from '../logging/index';
import { EventBus } from '../pipeline/bus';
import { recordCommandOutcomes } from '../pipeline/command-outcomes';
import { EventTail, publishAppendedEvents } from '../pipeline/event-tail';
import { EventRecorder } from '../pipeline/events';
import { Pipeline } from '../pipeline/pipeline';
import type { CodecResolver, DeviceDirectory } from '../pipeline/types';
import { GroupCommitter, type Store, openStore } from '../store/index';
import { firstPartyCodecs } from './codecs';

export interface CoreOptions {
  config: Config;
  clock: Clock;
  log: Logger;
  codecs?: CodecResolver;
  /** Tests only: SQLite max_page_count, to simulate a full disk. */
  maxPageCount?: number;
}

/** The agent without its network edges: store, group commit, bus, health and pipeline. */
export interface Core {
  store: Store;
  committer: GroupCommitter;
  bus: EventBus;
  events: EventRecorder;
  metrics: MetricsRegistry;
  clockTrust: ClockTrust;
  health: HealthMonitor;
  pipeline: Pipeline;
  /** Flush pending readings, stop timers, close the database. Idempotent. */
  close(): Promise<void>;
}

export function openCore(o: CoreOptions): Core {
  const { config, clock, log } = o;
  const store = openStore({
    path: config.storage.path, maxBytes: config.storage.max_size, retentionDays: config.storage.retention_days,
    synchronous: config.storage.synchronous, logger: log, clock, ...(o.maxPageCount ? { maxPageCount: o.maxPageCount } : {}),
  });
  const metrics = new MetricsRegistry();
  const bus = new EventBus(moduleLogger(log, 'bus'));
  const tail = new EventTail(store, bus);
  publishAppendedEvents(store, tail);
  recordCommandOutcomes(store);
  const flushRows = metrics.histogram('ardoise_commit_batch_rows', 'Readings per group-commit transaction', [1, 10, 50, 100, 500, 1000, 5000]);
  const committer = new GroupCommitter(store, clock, {
    flushIntervalMs: config.storage.commit_interval_ms, maxBatchRows: config.storage.commit_max_rows,
    onFlush: (info) => {
      flushRows.observe(info.rows);
      tail.drain(); // the store's own events (eviction, storage.full) are written during commits
    },
  });
  registerStoreMetrics(metrics, store, committer);
  for (const d of config.devices) store.upsertDevice({ id: d.id, type: d.type, ...(d.name ? { name: d.name } : {}), meta: { codec: d.codec, group: d.group } });
  const events = new EventRecorder(store);
  tail.start(clock);
  const clockTrust = new ClockTrust({ clock, store, events, persistIntervalMs: config.health.clock_persist_interval_s * 1000 });
  clockTrust.start();
  const health = new HealthMonitor({
    clock, store, events, bus, clockTrust, metrics, log: moduleLogger(log, 'health'),
    devices: config.devices.map((d) => ({ id: d.id, expectedIntervalMs: d.report_interval_s * 1000 })),
    staleFactor: config.health.stale_factor, storagePressureRatio: config.health.storage_pressure_ratio,
    checkIntervalMs: config.health.check_interval_s * 1000, upstreamConfigured: config.sync.enabled,
  });
  const pipeline = new Pipeline({
    clock, committer, events, bus, devices: deviceDirectory(config), codecs: o.codecs ?? firstPartyCodecs(),
    stamper: clockTrust, metrics, log: moduleLogger(log, 'pipeline'),
  });
  health.start();
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= (async () => {
    health.stop();
    await committer.close();
    tail.drain();
    tail.stop();
    clockTrust.stop();
    store.close();
  })());
  return { store, committer, bus, events, metrics, clockTrust, health, pipeline, close };
}

export function deviceDirectory(config: Config): DeviceDirectory {
  const byId = new Map(config.devices.map((d) => [d.id, { type: d.type, ...(d.codec ? { codec: d.codec } : {}) }]));
  return { lookup: (id) => byId.get(id) };
}

function registerStoreMetrics(metrics: MetricsRegistry, store: Store, committer: GroupCommitter): void {
  metrics.gauge('ardoise_commit_queue_depth', 'Readings queued in the group committer', () => committer.queueDepth);
  metrics.gauge('ardoise_db_size_bytes', 'Database size (pages in use + WAL)', () => store.stats().sizeBytes);
  metrics.gauge('ardoise_db_max_bytes', 'Configured database size cap', () => store.stats().maxBytes);
  metrics.counterFrom('ardoise_evictions_total', 'Rows evicted by retention or the size cap', () => store.stats().evictedTotal);
}
