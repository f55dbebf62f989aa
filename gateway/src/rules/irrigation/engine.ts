import type { Clock, TimerHandle } from '@ardoise/device-sdk';
import type { ActuationRequest, GovernorResult } from '../../governor/types';
import type { MeasurementValue } from '../../store/types';
import type { IrrigationModel } from '../build';
import { addDays, inWindow, localDate, localParts } from '../local-time';
import { kvAlarmMemory } from '../alarm-latch';
import { type StateKV, STATE_KEYS, isRecord, loadState } from '../state';
import { type ZoneInputs, decideZone } from './decide-zone';
import { InFlightOpenings } from './in-flight';
import { type DroughtPeriod, type RemoteDroughtLevel, droughtLevelAt } from './drought';
import { dailyBudgetL, dayOfYear, hargreavesEt0 } from './et0';
import { DEFAULT_FLOW_FAULTS, type FlowAlarm, FlowFaults, type FlowFaultSettings } from './flow-faults';
import { DailyMinMax, RollingSum, VolumeCounter } from './rolling';
import { DROUGHT_LEVELS, type DroughtLevel, type Zone, type ZoneDecision } from './types';

export interface IrrigationEngineDeps {
  clock: Clock;
  site: { latitude: number; timezone: string };
  model: IrrigationModel;
  droughtSchedule: DroughtPeriod[];
  governor: { submit(r: ActuationRequest): Promise<GovernorResult> };
  kv: StateKV;
  clockTrusted(): boolean;
  evaluateIntervalMs?: number;
  flowFaults?: FlowFaultSettings;
  forecastMaxAgeMs?: number;
  onAlarm?(alarm: FlowAlarm): void;
  /** Each decision that prevented a due watering (reason + why), once per zone per reason per day. */
  onSkip?(zone: Zone, decision: ZoneDecision, now: number): void;
  /** An opening was commanded. */
  onWatering?(zone: Zone, decision: ZoneDecision, now: number): void;
}

/** Persisted per zone: survives restart and kill -9 (open-valve timer, hysteresis, fallback). */
export interface ZoneState {
  watering: boolean;
  openUntil: number;
  lastFallbackDate?: string;
}

const SOURCE = 'rule:irrigation';
const isZoneState = (z: unknown): z is ZoneState => isRecord(z) && typeof z.watering === 'boolean' && typeof z.openUntil === 'number';
const isRemote = (v: unknown): v is RemoteDroughtLevel => isRecord(v) && DROUGHT_LEVELS.includes(v.level as DroughtLevel) && typeof v.setAt === 'number';

/**
 * Irrigation rules at run time: readings → trackers (probes, rain, volumes, temperature, flow
 * faults) → decideZone per zone → open/close through the safety governor. Fail-safe CLOSED.
 */
export class IrrigationEngine {
  private readonly zoneOf = new Map<string, Zone>();
  private readonly probes = new Map<string, { value: number; at: number }>();
  private readonly rain = new RollingSum(86_400_000);
  private readonly temperature = new DailyMinMax();
  private readonly volume = new VolumeCounter();
  private readonly faults: FlowFaults;
  private readonly states = new Map<string, ZoneState>();
  /** zone → skip reason → irrigation day it was last reported (once per zone, reason and day). */
  private readonly skipsSeen = new Map<string, Map<string, string>>();
  /** Volume limits of openings not yet visible in a closed valve's counter (keeps the daily cap conservative). */
  private readonly inFlight = new InFlightOpenings();
  private remote: RemoteDroughtLevel | undefined;
  private forecast: { mm: number; at: number } | undefined;
  private timer?: TimerHandle;

  constructor(private readonly deps: IrrigationEngineDeps) {
    for (const z of deps.model.zones) for (const id of [...z.probes, ...z.valves, ...(z.meters ?? [])]) this.zoneOf.set(id, z);
    this.faults = new FlowFaults(deps.flowFaults ?? DEFAULT_FLOW_FAULTS, (a) => deps.onAlarm?.(a), kvAlarmMemory(deps.kv, 'irrigation'));
    for (const z of deps.model.zones) {
      const saved = loadState(deps.kv, STATE_KEYS.zones + z.id, undefined as ZoneState | undefined, (v): v is ZoneState => isZoneState(v));
      if (saved) this.states.set(z.id, saved);
    }
    this.remote = loadState(deps.kv, STATE_KEYS.drought, undefined as RemoteDroughtLevel | undefined, (v): v is RemoteDroughtLevel | undefined => isRemote(v));
    this.forecast = loadState(deps.kv, STATE_KEYS.forecast, undefined as { mm: number; at: number } | undefined, (v): v is { mm: number; at: number } => isRecord(v) && typeof v.mm === 'number' && typeof v.at === 'number');
  }

  /** Boot: re-derive every zone and re-assert its valves (open with the remaining time, or closed). */
  async start(): Promise<void> {
    await this.evaluateAll(this.deps.clock.now(), true);
    this.timer = this.deps.clock.setInterval(() => void this.evaluateAll(this.deps.clock.now()), this.deps.evaluateIntervalMs ?? 60_000);
  }

  stop(): void {
    this.deps.clock.clearInterval(this.timer);
  }

  /** Noon-to-noon irrigation day: a night window counts as one day (cap, fallback). */
  irrigationDay(t: number): string {
    return localDate(t - 12 * 3_600_000, this.deps.site.timezone);
  }

  onReading(deviceId: string, at: number, m: Record<string, MeasurementValue>): void {
    const zone = this.zoneOf.get(deviceId);
    if (typeof m.rainfall === 'number' && this.deps.model.rainGauges.includes(deviceId)) this.rain.add(at, m.rainfall);
    if (typeof m.air_temperature === 'number') this.temperature.add(localDate(at, this.deps.site.timezone), m.air_temperature);
    if (!zone) return;
    const date = this.irrigationDay(at);
    const moisture = zone.measure === 'vwc' ? m.soil_moisture_vwc : m.soil_tension;
    if (typeof moisture === 'number' && zone.probes.includes(deviceId)) this.probes.set(deviceId, { value: moisture, at });
    this.countVolume(zone, deviceId, at, m, date);
    if (typeof m.flow_rate === 'number') {
      const open = typeof m.valve_open === 'boolean' ? m.valve_open : (this.states.get(zone.id)?.openUntil ?? 0) > at;
      this.faults.observe(deviceId, at, m.flow_rate, open);
    }
  }

  /** Boot: a stored reading of a valve or meter, for the volumes only (water used today; no alarm, no decision). */
  replayVolume(deviceId: string, at: number, m: Record<string, MeasurementValue>): void {
    const zone = this.zoneOf.get(deviceId);
    if (zone) this.countVolume(zone, deviceId, at, m, this.irrigationDay(at));
  }

  private countVolume(zone: Zone, deviceId: string, at: number, m: Record<string, MeasurementValue>, date: string): void {
    const countsVolume = zone.meters?.length ? zone.meters.includes(deviceId) : zone.valves.includes(deviceId);
    if (typeof m.water_volume === 'number' && countsVolume) this.volume.add(zone.id, deviceId, date, m.water_volume);
    if (zone.valves.includes(deviceId)) {
      this.inFlight.reported(deviceId, at, typeof m.valve_open === 'boolean' ? m.valve_open : undefined, typeof m.water_volume === 'number' ? m.water_volume : undefined);
    }
  }

  /** Drought level set remotely (hypervisor); persisted; wins over the schedule until `until`. */
  setDroughtLevel(level: DroughtLevel, source: string, until?: number): void {
    this.ctx = undefined;
    this.remote = { level, setAt: this.deps.clock.now(), source, ...(until !== undefined ? { until } : {}) };
    this.deps.kv.setState(STATE_KEYS.drought, this.remote);
  }

  /** Forecast hint from upstream: rain expected over the next 24 h, mm. */
  setForecast(mm: number): void {
    if (!Number.isFinite(mm) || mm < 0) throw new RangeError(`forecast rain is ${mm}; allowed: a number of mm ≥ 0`);
    this.forecast = { mm, at: this.deps.clock.now() };
    this.ctx = undefined;
    this.deps.kv.setState(STATE_KEYS.forecast, this.forecast);
  }

  droughtLevel(now: number): { level: DroughtLevel; source: string } {
    return droughtLevelAt(this.deps.droughtSchedule, this.remote, now, localParts(now, this.deps.site.timezone).date);
  }

  zoneState(zoneId: string): ZoneState {
    let s = this.states.get(zoneId);
    if (!s) this.states.set(zoneId, (s = { watering: false, openUntil: 0 }));
    return s;
  }

  usedToday(zoneId: string, now: number): number {
    return this.volume.usedOn(zoneId, this.irrigationDay(now));
  }

  /** What every zone shares at one instant (computed once per evaluation, not per zone). */
  private context(now: number) {
    if (this.ctx?.now === now) return this.ctx;
    const { date: calendarDate, minutes } = localParts(now, this.deps.site.timezone);
    const rain24hMm = this.deps.model.rainGauges.length > 0 ? this.rain.total(now) : undefined;
    const forecastFresh = this.forecast !== undefined && now - this.forecast.at <= (this.deps.forecastMaxAgeMs ?? 12 * 3_600_000);
    this.ctx = {
      now,
      calendarDate,
      date: this.irrigationDay(now),
      minutes,
      rain24hMm,
      forecastRainMm: forecastFresh ? this.forecast!.mm : undefined,
      droughtLevel: droughtLevelAt(this.deps.droughtSchedule, this.remote, now, calendarDate).level,
      clockTrusted: this.deps.clockTrusted(),
    };
    return this.ctx;
  }

  private ctx?: { now: number; calendarDate: string; date: string; minutes: number; rain24hMm?: number; forecastRainMm?: number; droughtLevel: DroughtLevel; clockTrusted: boolean };
  private readonly budgets = new Map<string, { date: string; rainMm: number; litres: number | undefined }>();

  decide(zone: Zone, now: number): ZoneDecision {
    const c = this.context(now);
    const s = this.zoneState(zone.id);
    // Built field by field (no conditional spreads): this runs for every zone at every evaluation.
    const inputs: ZoneInputs = {
      clockTrusted: c.clockTrusted,
      localDate: c.date,
      localMinutes: c.minutes,
      droughtLevel: c.droughtLevel,
      bans: this.deps.model.bans,
      // A running opening was accounted when it started (its volume limit ≤ what was left): it may
      // finish. Openings over but not yet seen in a counter are held back from the next one.
      usedTodayL: this.volume.usedOn(zone.id, c.date) + (s.openUntil > now ? 0 : this.inFlight.litres(zone.id, c.date)),
      watering: s.watering,
      openNow: s.openUntil > now,
    };
    const moisture = this.moisture(zone, now);
    if (moisture !== undefined) inputs.moisture = moisture;
    if (c.rain24hMm !== undefined) inputs.rain24hMm = c.rain24hMm;
    if (c.forecastRainMm !== undefined) inputs.forecastRainMm = c.forecastRainMm;
    const budget = this.budget(zone, c.date, c.rain24hMm ?? 0); // per irrigation day, like the cap
    if (budget !== undefined) inputs.budgetTodayL = budget;
    if (s.lastFallbackDate) inputs.lastFallbackDate = s.lastFallbackDate;
    return decideZone(zone, inputs);
  }

  async evaluateAll(now: number, boot = false): Promise<void> {
    await Promise.all(this.deps.model.zones.map((z) => this.evaluate(z, now, boot)));
  }

  private async evaluate(zone: Zone, now: number, boot: boolean): Promise<void> {
    const s = this.zoneState(zone.id);
    // Closed, not in a cycle, outside every window: nothing can happen (and nothing is skipped).
    if (!boot && !s.watering && s.openUntil <= now && !zone.windows.some((w) => inWindow(this.context(now).minutes, w))) return;
    const d = this.decide(zone, now);
    if (d.skip) this.reportSkip(zone, d, now);
    if (d.action === 'water') return this.water(zone, s, d, now, boot);
    const wasOpen = s.openUntil > now;
    const changed = s.watering || s.openUntil !== 0;
    s.watering = false;
    s.openUntil = 0;
    if (changed) this.save(zone.id);
    if (wasOpen || boot) await this.submitAll(zone, { command: 'close' }, d);
  }

  private async water(zone: Zone, s: ZoneState, d: ZoneDecision, now: number, boot: boolean): Promise<void> {
    if (s.openUntil > now) {
      if (!boot) return;
      // Re-assert the opening with the minutes left, at most what the cap has left; held back like a new one.
      await this.submitAll(zone, { command: 'open', durationMin: Math.max(1, Math.ceil((s.openUntil - now) / 60_000)), maxVolumeL: d.maxVolumeL! }, d);
      const day = this.irrigationDay(now);
      for (const v of zone.valves) this.inFlight.commanded(v, zone.id, d.maxVolumeL!, now, s.openUntil, day);
      return;
    }
    const results = await this.submitAll(zone, { command: 'open', durationMin: d.durationMin!, maxVolumeL: d.maxVolumeL! }, d);
    if (!results.some((r) => r.status === 'sent' || r.status === 'deferred' || r.status === 'unchanged')) return;
    s.watering = true;
    s.openUntil = now + d.durationMin! * 60_000;
    const day = this.irrigationDay(now);
    for (const v of zone.valves) this.inFlight.commanded(v, zone.id, d.maxVolumeL!, now, s.openUntil, day);
    if (d.fallback) s.lastFallbackDate = this.irrigationDay(now);
    this.save(zone.id);
    this.deps.onWatering?.(zone, d, now);
  }

  private submitAll(zone: Zone, action: ActuationRequest['action'], d: ZoneDecision): Promise<GovernorResult[]> {
    return Promise.all(zone.valves.map((deviceId) => this.deps.governor.submit({ deviceId, action, reason: d.reason, source: SOURCE, why: `zone ${zone.id}: ${d.why}` })));
  }

  private moisture(zone: Zone, now: number): number | undefined {
    let worst: number | undefined;
    for (const id of zone.probes) {
      const p = this.probes.get(id);
      if (!p || now - p.at > zone.probeStaleMs) continue;
      if (worst === undefined || (zone.measure === 'vwc' ? p.value < worst : p.value > worst)) worst = p.value;
    }
    return worst;
  }

  /** Today's ET0 budget (L) from yesterday's temperatures (memoised per zone for the last day and rain), undefined when unknown. */
  private budget(zone: Zone, date: string, rainMm: number): number | undefined {
    const b = this.budgets.get(zone.id);
    if (b && b.date === date && b.rainMm === rainMm) return b.litres;
    const t = this.temperature.get(addDays(date, -1));
    const litres = t && t.max > t.min ? dailyBudgetL(hargreavesEt0(t.min, t.max, this.deps.site.latitude, dayOfYear(date)), zone.cropCoef, rainMm, zone.areaM2) : undefined;
    this.budgets.set(zone.id, { date, rainMm, litres });
    return litres;
  }

  private reportSkip(zone: Zone, d: ZoneDecision, now: number): void {
    const date = this.context(now).date;
    let seen = this.skipsSeen.get(zone.id);
    if (!seen) this.skipsSeen.set(zone.id, (seen = new Map()));
    if (seen.get(d.skip!) === date) return;
    seen.set(d.skip!, date);
    this.deps.onSkip?.(zone, d, now);
  }

  private save(zoneId: string): void {
    this.deps.kv.setState(STATE_KEYS.zones + zoneId, this.states.get(zoneId));
  }
}
