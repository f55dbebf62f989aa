import type { Clock } from '@ardoise/device-sdk';
import { SafetyGovernor } from '../governor/governor';
import type { CommandTransport, DutyCycleCheck, GovernorSettings } from '../governor/types';
import type { MeasurementValue, Store } from '../store/types';
import { type RuleDevice, buildIrrigation, buildLighting } from './build';
import type { RulesConfig } from './config';
import { IrrigationEngine, type IrrigationEngineDeps } from './irrigation/engine';
import type { Site } from './lighting/astro';
import { LightingEngine, type LightingEngineDeps } from './lighting/engine';
import { rulesPolicy } from './policy';

const VOLUME_DEVICES = new Set(['valve', 'water_meter', 'flow_meter']);

export interface RulesRuntimeOptions {
  clock: Clock;
  site: Site;
  rules: RulesConfig;
  devices: readonly RuleDevice[];
  /** Journal, alarms and persisted rule state. */
  store: Store;
  transport: CommandTransport;
  dutyCycle?: DutyCycleCheck;
  governor?: Partial<GovernorSettings>;
  /** From the health monitor (clock_untrusted mode). */
  clockTrusted(): boolean;
  /** Observers (simulation report, API). */
  onLevel?: LightingEngineDeps['onLevel'];
  onGroupLevel?: LightingEngineDeps['onGroupLevel'];
  onSkip?: IrrigationEngineDeps['onSkip'];
  onWatering?: IrrigationEngineDeps['onWatering'];
}

/**
 * The edge rules wired together: lighting + irrigation engines behind one safety governor,
 * alarms into the store's events. The agent feeds it stored readings (write before act) and
 * its downstream CommandSink (./command-sink.ts) routes hypervisor requests here.
 */
export class RulesRuntime {
  readonly governor: SafetyGovernor;
  readonly lighting: LightingEngine;
  readonly irrigation: IrrigationEngine;

  constructor(private readonly o: RulesRuntimeOptions) {
    const lightingModel = buildLighting(o.rules.lighting, o.devices);
    const irrigationModel = buildIrrigation(o.rules.irrigation, o.devices);
    const alarm = (a: { type: string; deviceId: string; active: boolean; at: number; data: Record<string, unknown> }) =>
      o.store.appendEvent({ kind: a.active ? 'alarm' : 'event', type: a.active ? a.type : `${a.type}.cleared`, at: a.at, deviceId: a.deviceId, severity: a.active ? 'warning' : 'info', data: a.data });
    let lighting: LightingEngine | undefined;
    let irrigation: IrrigationEngine | undefined;
    const policy = rulesPolicy({
      lighting: lightingModel,
      irrigation: irrigationModel,
      get astro() {
        return lighting!.astro;
      },
      timezone: o.site.timezone,
      clockTrusted: o.clockTrusted,
      sensorDark: (g, now) => lighting!.sensorDark(g, now),
      droughtLevel: (now) => irrigation!.droughtLevel(now).level,
    });
    this.governor = new SafetyGovernor({ clock: o.clock, journal: o.store, transport: o.transport, policy, ...(o.dutyCycle ? { dutyCycle: o.dutyCycle } : {}), settings: { maxOverrideMs: lightingModel.maxOverrideMs, ...o.governor } });
    lighting = new LightingEngine({
      clock: o.clock, site: o.site, model: lightingModel, governor: this.governor, kv: o.store, clockTrusted: o.clockTrusted, onAlarm: alarm,
      ...(o.onLevel ? { onLevel: o.onLevel } : {}),
      ...(o.onGroupLevel ? { onGroupLevel: o.onGroupLevel } : {}),
    });
    const irr = o.rules.irrigation;
    irrigation = new IrrigationEngine({
      clock: o.clock, site: o.site, model: irrigationModel, governor: this.governor, kv: o.store, clockTrusted: o.clockTrusted, onAlarm: alarm,
      droughtSchedule: irr.drought.schedule,
      evaluateIntervalMs: irr.evaluate_interval_s * 1000,
      forecastMaxAgeMs: irr.forecast_max_age_h * 3_600_000,
      flowFaults: { leakLpm: irr.flow_faults.leak_lpm, leakGraceMs: irr.flow_faults.leak_grace_min * 60_000, noFlowLpm: irr.flow_faults.no_flow_lpm, noFlowGraceMs: irr.flow_faults.no_flow_grace_min * 60_000 },
      ...(o.onSkip ? { onSkip: o.onSkip } : {}),
      ...(o.onWatering ? { onWatering: o.onWatering } : {}),
    });
    this.lighting = lighting;
    this.irrigation = irrigation;
    this.enabled = { lighting: o.rules.lighting.enabled, irrigation: irr.enabled };
  }

  private readonly enabled: { lighting: boolean; irrigation: boolean };

  /** Boot: reload recent sensor readings, re-derive and re-assert every actuator, then evaluate on the Clock. */
  async start(): Promise<void> {
    this.warmUp();
    if (this.enabled.lighting) await this.lighting.start();
    if (this.enabled.irrigation) await this.irrigation.start();
  }

  /**
   * After a restart the rules must not start blind: recent readings of probes (their stale
   * window), rain gauges (24 h), weather (48 h) and light sensors (1 h) are replayed from the store.
   */
  private warmUp(): void {
    const now = this.o.clock.now();
    const windows = new Map<string, number>();
    for (const z of this.o.rules.irrigation.zones ? Object.values(this.o.rules.irrigation.zones) : []) windows.set('soil_probe', Math.max(windows.get('soil_probe') ?? 0, z.probe_stale_min * 60_000));
    windows.set('rain_gauge', 86_400_000);
    windows.set('weather_station', 2 * 86_400_000);
    windows.set('light_sensor', 3_600_000);
    for (const d of this.o.devices) {
      const window = windows.get(d.type);
      if (window !== undefined) {
        for (const r of this.o.store.readingsAfter(0, 500, { deviceId: d.id, from: now - window, to: now + 1 })) {
          if (this.enabled.lighting) void this.lighting.onReading(r.deviceId, r.observedAt, r.measurements);
          if (this.enabled.irrigation) this.irrigation.onReading(r.deviceId, r.observedAt, r.measurements);
        }
      }
      if (this.enabled.irrigation && VOLUME_DEVICES.has(d.type)) this.replayVolumes(d.id, now);
    }
  }

  /**
   * Water used today must survive a restart, or the daily cap would start again from zero: the
   * counters of valves and meters are replayed (volumes only: no alarm, no decision) over the
   * last 36 h, which covers the noon-to-noon irrigation day and a reading before it.
   */
  private replayVolumes(deviceId: string, now: number): void {
    let after = 0;
    for (let pages = 0; pages < 20; pages++) {
      const page = this.o.store.readingsAfter(after, 500, { deviceId, from: now - 36 * 3_600_000, to: now + 1 });
      for (const r of page) this.irrigation.replayVolume(r.deviceId, r.observedAt, r.measurements);
      if (page.length < 500) return;
      after = page[page.length - 1].seq;
    }
  }

  stop(): void {
    this.lighting.stop();
    this.irrigation.stop();
    this.governor.close();
  }

  /** A reading that is already committed to the store. */
  async onReading(deviceId: string, at: number, m: Record<string, MeasurementValue>): Promise<void> {
    // Hot path (every reading): await only what is really asynchronous.
    if (this.enabled.lighting) {
      const p = this.lighting.onReading(deviceId, at, m);
      if (p) await p;
    }
    if (this.enabled.irrigation) this.irrigation.onReading(deviceId, at, m);
    const level = typeof m.dim_level === 'number' ? m.dim_level : undefined;
    const valveOpen = typeof m.valve_open === 'boolean' ? m.valve_open : undefined;
    if (level === undefined && valveOpen === undefined) return;
    const p = this.governor.observe(deviceId, level !== undefined ? (valveOpen !== undefined ? { level, valveOpen } : { level }) : { valveOpen });
    if (p) await p;
  }
}
