import type { SimulatedClock } from '@ardoise/device-sdk';
import { LAST_GOOD_TIME_KEY, ClockTrust } from '../health/clock-trust';
import { MetricsRegistry } from '../health/metrics';
import { type HealthMode, HealthMonitor } from '../health/monitor';
import { silentLogger } from '../logging/index';
import { EventBus } from '../pipeline/bus';
import { EventRecorder } from '../pipeline/events';
import type { Store } from '../store/types';
import type { SimulateConfig } from './scenario';

type Span = { from: number; to: number };

/**
 * The agent's own degraded-mode state machine (ClockTrust + HealthMonitor, as agent/core.ts wires
 * them) on the simulation's clock and store, driven by what happens in the simulated world:
 * - `link_down` spans → `setUpstream(false)` / `setUpstream(true)` (what sync does on the real link);
 * - `clock_untrusted` spans → an agent boot whose system clock is behind the persisted last good
 *   time (ClockTrust finds it untrusted by itself), then `confirmTime('simulate')` at the span end
 *   (what the NTP check, GPS time or DeviceTime does);
 * - every delivered reading → `noteReading`, so a silent device turns `sensor_stale` by itself after
 *   health.stale_factor × its configured `report_interval_s`.
 * The report's mode changes and the rules' `clockTrusted` both come from here.
 */
export class SimulatedHealth {
  readonly monitor: HealthMonitor;
  readonly clockTrust: ClockTrust;
  private readonly store: Store;
  private readonly clock: SimulatedClock;
  private readonly untrusted: Span[];
  private readonly linkDown: Span[];
  private linkUp = true;
  private current: HealthMode | '' = '';

  constructor(cfg: SimulateConfig, clock: SimulatedClock, store: Store) {
    this.clock = clock;
    this.store = store;
    const h = cfg.health;
    const events = new EventRecorder(store);
    this.clockTrust = new ClockTrust({ clock, store, events, persistIntervalMs: h.clock_persist_interval_s * 1000 });
    this.monitor = new HealthMonitor({
      clock, store, events, bus: new EventBus(silentLogger()), clockTrust: this.clockTrust, metrics: new MetricsRegistry(), log: silentLogger(),
      devices: cfg.devices.map((d) => ({ id: d.id, expectedIntervalMs: d.report_interval_s * 1000 })),
      staleFactor: h.stale_factor, storagePressureRatio: h.storage_pressure_ratio, checkIntervalMs: h.check_interval_s * 1000,
      upstreamConfigured: true,
    });
    this.untrusted = [...cfg.simulation.clock_untrusted].sort((a, b) => a.from - b.from);
    this.linkDown = cfg.simulation.link_down;
  }

  /** Agent boot: clock trust from the store, upstream state, first check. */
  start(): void {
    const now = this.clock.now();
    if (this.untrusted[0] && this.untrusted[0].from <= now) this.bootBehindLastGood();
    else this.clockTrust.start();
    this.linkUp = !this.inLinkDown(now);
    this.monitor.setUpstream(this.linkUp, this.linkUp ? undefined : 'simulated link down');
    this.monitor.start();
  }

  stop(): void {
    this.monitor.stop();
    this.clockTrust.stop();
  }

  clockTrusted(): boolean {
    return this.clockTrust.isTrusted();
  }

  noteReading(deviceId: string): void {
    this.monitor.noteReading(deviceId);
  }

  /**
   * Applies the world's changes at t (after the clock reached t): a clock_untrusted span starting
   * reboots the clock trust behind its last good time, one ending confirms the time; the link
   * follows link_down. Returns the mode when it changed.
   */
  update(t: number): HealthMode | undefined {
    while (this.untrusted[0] && this.untrusted[0].from <= t) {
      const span = this.untrusted[0];
      if (span.to <= t) {
        this.untrusted.shift();
        if (!this.clockTrust.isTrusted()) this.monitor.confirmTime('simulate');
        continue;
      }
      if (this.clockTrust.isTrusted()) {
        this.clockTrust.stop();
        this.bootBehindLastGood();
        this.monitor.check();
      }
      break;
    }
    const up = !this.inLinkDown(t);
    if (up !== this.linkUp) this.monitor.setUpstream((this.linkUp = up), up ? undefined : 'simulated link down');
    return this.modeChange();
  }

  /** The monitor's mode when it differs from the last one returned. */
  modeChange(): HealthMode | undefined {
    const mode = this.monitor.mode;
    if (mode === this.current) return undefined;
    this.current = mode;
    return mode;
  }

  /** A system clock 1 ms behind the persisted last good time: ClockTrust.start finds it untrusted. */
  private bootBehindLastGood(): void {
    this.store.setState(LAST_GOOD_TIME_KEY, this.clock.now() + 1);
    this.clockTrust.start();
  }

  private inLinkDown(t: number): boolean {
    return this.linkDown.some((s) => t >= s.from && t < s.to);
  }
}
