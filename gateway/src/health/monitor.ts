import type { Clock, TimerHandle } from '@ardoise/device-sdk';
import type { Logger } from '../logging/index';
import type { EventBus } from '../pipeline/bus';
import type { EventRecorder } from '../pipeline/events';
import type { Store, StoreStats } from '../store/types';
import type { ClockTrust } from './clock-trust';
import { type ConcentratorCheck, type ConcentratorSource, NO_CONCENTRATOR, checkConcentrators } from './concentrators';
import type { MetricsRegistry } from './metrics';

/** Modes, worst first: the reported `mode` is the first active one, else online. */
export const HEALTH_MODES = ['storage_pressure', 'clock_untrusted', 'concentrator_lost', 'upstream_lost', 'sensor_stale', 'online'] as const;
export type HealthMode = (typeof HEALTH_MODES)[number];

/**
 * After a `storage.full` alarm (disk or page limit hit before max_size), storage_pressure holds this
 * long; the store repeats the alarm at most once a minute while it stays full, so no flapping.
 */
export const DISK_FULL_HOLD_MS = 150_000;

export interface WatchedDevice {
  id: string;
  expectedIntervalMs: number;
}

export interface HealthOptions {
  clock: Clock;
  store: Pick<Store, 'stats' | 'eventsAfter'>;
  events: EventRecorder;
  bus: EventBus;
  clockTrust: ClockTrust;
  devices: readonly WatchedDevice[];
  staleFactor: number;
  storagePressureRatio: number;
  checkIntervalMs: number;
  /** False when no upstream is configured: upstream_lost can then never be raised. */
  upstreamConfigured: boolean;
  metrics: MetricsRegistry;
  log: Logger;
}

export interface HealthSnapshot {
  mode: HealthMode;
  active: HealthMode[];
  since: number;
  checks: {
    clock: { trusted: boolean; source: string; last_good_time: number };
    upstream: { configured: boolean; connected: boolean; detail?: string };
    storage: { size_bytes: number; max_bytes: number; ratio: number; pressure: boolean };
    sensors: { watched: number; stale: string[] };
    concentrators: ConcentratorCheck;
  };
}

/**
 * Degraded-mode state machine (health is a state, not a log line). Inputs: committed readings
 * (per-device freshness), the upstream link (`setUpstream`), clock trust, store size. Every change
 * of the active set is stored as a `health.mode` event before it is published.
 */
export class HealthMonitor {
  private readonly lastSeen = new Map<string, number>();
  private readonly stale = new Set<string>();
  private active: HealthMode[] = [];
  private since: number;
  private upstream: { connected: boolean; detail?: string };
  private storage = { size_bytes: 0, max_bytes: 0, ratio: 0, pressure: false };
  private timer: TimerHandle | undefined;
  private unsubscribe: (() => void) | undefined;
  /** Last alarm seen, to notice the store's own `storage.full` alarms (disk full before the cap). */
  private alarmCursor = 0;
  private diskFullUntil = 0;
  private concentratorSource: ConcentratorSource | undefined;
  private concentrators: ConcentratorCheck = checkConcentrators(undefined);

  constructor(private readonly o: HealthOptions) {
    this.since = o.clock.now();
    this.upstream = { connected: !o.upstreamConfigured };
    for (const d of o.devices) this.lastSeen.set(d.id, o.clock.monotonic());
    o.metrics.gauge('ardoise_health_mode', 'Current health mode (1 = current)', () =>
      HEALTH_MODES.map((mode) => ({ labels: { mode }, value: this.mode === mode ? 1 : 0 })));
    o.metrics.gauge('ardoise_sensors_stale', 'Devices without a report for stale_factor × their expected interval', () => this.stale.size);
  }

  get mode(): HealthMode {
    return this.active[0] ?? 'online';
  }

  start(): void {
    this.alarmCursor = this.lastAlarmSeq();
    this.unsubscribe = this.o.bus.on('reading', (r) => this.noteReading(r.deviceId));
    this.timer = this.o.clock.setInterval(() => this.check(), this.o.checkIntervalMs);
    this.check();
  }

  stop(): void {
    this.unsubscribe?.();
    this.o.clock.clearInterval(this.timer);
  }

  /** Sync calls this on connect/disconnect. */
  setUpstream(connected: boolean, detail?: string): void {
    this.upstream = { connected, ...(detail ? { detail: detail.slice(0, 200) } : {}) };
    this.check();
  }

  /**
   * The LoRaWAN input registers its concentrator link state here once it listens; from the next
   * check on, a silent concentrator raises `concentrator_lost` (not at once: a forwarder needs a
   * keepalive interval to introduce itself after a start).
   */
  watchConcentrators(source: ConcentratorSource | undefined): void {
    this.concentratorSource = source;
  }

  /** A time source (NTP, GPS, LoRaWAN DeviceTime) confirms the system clock. */
  confirmTime(source: string): void {
    this.o.clockTrust.confirmTime(source);
    this.check();
  }

  noteReading(deviceId: string): void {
    if (!this.lastSeen.has(deviceId)) return;
    this.lastSeen.set(deviceId, this.o.clock.monotonic());
    if (this.stale.delete(deviceId)) {
      this.o.events.record({ kind: 'event', type: 'health.sensor_recovered', at: this.o.clockTrust.estimatedNow(), deviceId, severity: 'info' });
      this.check();
    }
  }

  /** Re-evaluates every check; records a transition when the active set changes. */
  check(): HealthSnapshot {
    this.checkSensors();
    this.checkStorage();
    this.checkConcentrators();
    const next = HEALTH_MODES.filter((mode) => this.isActive(mode));
    if (next.join() !== this.active.join()) this.transition(next);
    return this.snapshot();
  }

  snapshot(): HealthSnapshot {
    return {
      mode: this.mode,
      active: [...this.active],
      since: this.since,
      checks: {
        clock: this.o.clockTrust.describe(),
        upstream: { configured: this.o.upstreamConfigured, ...this.upstream },
        storage: { ...this.storage },
        sensors: { watched: this.o.devices.length, stale: [...this.stale].sort() },
        concentrators: { ...this.concentrators, lost: [...this.concentrators.lost] },
      },
    };
  }

  private isActive(mode: HealthMode): boolean {
    switch (mode) {
      case 'storage_pressure': return this.storage.pressure;
      case 'clock_untrusted': return !this.o.clockTrust.isTrusted();
      case 'concentrator_lost': return this.concentrators.lost.length > 0;
      case 'upstream_lost': return this.o.upstreamConfigured && !this.upstream.connected;
      case 'sensor_stale': return this.stale.size > 0;
      case 'online': return false;
    }
  }

  private checkSensors(): void {
    const now = this.o.clock.monotonic();
    for (const device of this.o.devices) {
      if (this.stale.has(device.id)) continue;
      const silentFor = now - (this.lastSeen.get(device.id) ?? now);
      if (silentFor >= device.expectedIntervalMs * this.o.staleFactor) {
        this.stale.add(device.id);
        this.o.events.record({
          kind: 'alarm', type: 'health.sensor_stale', at: this.o.clockTrust.estimatedNow(), deviceId: device.id, severity: 'warning',
          data: { silent_ms: silentFor, expected_interval_ms: device.expectedIntervalMs },
        });
      }
    }
  }

  /** Per-concentrator alarm when one goes silent, event when it is back. */
  private checkConcentrators(): void {
    const before = new Set(this.concentrators.lost);
    this.concentrators = checkConcentrators(this.concentratorSource);
    const after = new Set(this.concentrators.lost);
    const at = this.o.clockTrust.estimatedNow();
    const link = (eui: string) => this.concentrators.links.find((l) => l.gateway_eui === eui);
    for (const eui of after) {
      if (before.has(eui)) continue;
      const data = eui === NO_CONCENTRATOR ? { gateway_eui: null, detail: 'no concentrator heard yet' } : { gateway_eui: eui, last_pull_data_at: link(eui)?.last_pull_data_at ?? null };
      this.o.events.record({ kind: 'alarm', type: 'health.concentrator_lost', at, severity: 'warning', data });
    }
    for (const eui of before) {
      if (!after.has(eui)) this.o.events.record({ kind: 'event', type: 'health.concentrator_recovered', at, severity: 'info', data: { gateway_eui: eui === NO_CONCENTRATOR ? null : eui } });
    }
  }

  private checkStorage(): void {
    let stats: StoreStats;
    try {
      stats = this.o.store.stats();
    } catch (error) {
      this.o.log.error({ err: error }, 'store stats failed');
      return;
    }
    const ratio = stats.maxBytes > 0 ? stats.sizeBytes / stats.maxBytes : 0;
    const now = this.o.clock.monotonic();
    if (this.newDiskFullAlarm()) this.diskFullUntil = now + DISK_FULL_HOLD_MS;
    this.storage = { size_bytes: stats.sizeBytes, max_bytes: stats.maxBytes, ratio: Math.round(ratio * 1000) / 1000, pressure: ratio >= this.o.storagePressureRatio || now < this.diskFullUntil };
  }

  /** True when the store raised `storage.full` since the previous check (the disk filled before max_size). */
  private newDiskFullAlarm(): boolean {
    let full = false;
    for (let page = 0; page < 100; page++) {
      const alarms = this.o.store.eventsAfter(this.alarmCursor, 500, { kind: 'alarm' });
      for (const alarm of alarms) if (alarm.type === 'storage.full') full = true;
      if (alarms.length === 0) break;
      this.alarmCursor = alarms[alarms.length - 1]!.seq;
    }
    return full;
  }

  private lastAlarmSeq(): number {
    const before = this.alarmCursor;
    this.newDiskFullAlarm();
    const last = this.alarmCursor;
    this.alarmCursor = before;
    return last;
  }

  private transition(next: HealthMode[]): void {
    const from = this.mode;
    this.active = next;
    this.since = this.o.clockTrust.estimatedNow();
    const severity = this.mode === 'online' ? 'info' : 'warning';
    this.o.events.record({ kind: 'event', type: 'health.mode', at: this.since, severity, data: { from, to: this.mode, active: next } });
    this.o.log.info({ from, to: this.mode, active: next }, 'health mode changed');
  }
}
