import type { Clock, TimerHandle } from '@ardoise/device-sdk';
import type { ActuationRequest, GovernorResult } from '../../governor/types';
import type { MeasurementValue } from '../../store/types';
import type { LightingModel } from '../build';
import { kvAlarmMemory } from '../alarm-latch';
import { type StateKV, STATE_KEYS, loadState } from '../state';
import { AstroClock, type Site } from './astro';
import { desiredLevel } from './desired-level';
import { DEFAULT_DIAGNOSTICS, type DiagnosticsSettings, type LampAlarm, LampDiagnostics, type LampObservation } from './diagnostics';
import { EnergyLedger } from './energy';
import { LuxSwitch } from './lux-switch';
import { OverrideRegistry } from './overrides';
import { type NightProgram, programFor } from './program';
import type { Lamp, LampGroup, LevelDecision, LightingOverride } from './types';

export interface LightingEngineDeps {
  clock: Clock;
  site: Site;
  model: LightingModel;
  governor: {
    submit(r: ActuationRequest): Promise<GovernorResult>;
    /** One request for many lamps of a group (multicast when the transport can). */
    submitGroup?(groupId: string, members: readonly string[], r: Omit<ActuationRequest, 'deviceId'>): Promise<GovernorResult>;
  };
  kv: StateKV;
  clockTrusted(): boolean;
  onAlarm?(alarm: LampAlarm): void;
  /** Every decision that changes a lamp's level (simulation timelines, API). */
  onLevel?(lamp: Lamp, decision: LevelDecision, now: number): void;
  /**
   * Every change of a GROUP's decision: what a lamp of the group with nothing of its own does
   * (program, sensor, fail-safe, floor, and a group override), reported before the lamps it moves.
   */
  onGroupLevel?(groupId: string, decision: LevelDecision, now: number): void;
  diagnostics?: DiagnosticsSettings;
}

const SOURCE = 'rule:lighting';

/**
 * Lighting rules at run time: feeds readings (lux, presence, lamp metering) into the pure core
 * (desiredLevel) and hands every change to the safety governor. Evaluates on a Clock interval,
 * and at once for lamps touched by a presence detection or an override.
 *
 * Cost: one decision per group per evaluation; lamps are visited only when their group's level
 * changes or they have something of their own (override, presence, own default level).
 */
export class LightingEngine {
  readonly astro: AstroClock;
  readonly overrides: OverrideRegistry;
  readonly energy = new EnergyLedger();
  readonly diagnostics: LampDiagnostics;
  private readonly lux = new Map<string, LuxSwitch>();
  private readonly presence: Record<string, number> = {};
  private readonly lampsByGroup = new Map<string, Lamp[]>();
  private readonly lampById = new Map<string, Lamp>();
  private readonly groupLevel = new Map<string, number>();
  private readonly groupReported = new Map<string, LevelDecision>();
  private readonly lampLevel = new Map<string, number>();
  private readonly lampReason = new Map<string, string>();
  private readonly special = new Set<string>();
  private readonly programs = new Map<string, NightProgram | undefined>();
  private timer?: TimerHandle;
  private lastEval?: number;
  private lastSilenceCheck = -Infinity;

  constructor(private readonly deps: LightingEngineDeps) {
    const { model, kv } = deps;
    this.astro = new AstroClock(deps.site, model.astro);
    this.overrides = new OverrideRegistry(kv, model.maxOverrideMs);
    this.diagnostics = new LampDiagnostics(deps.diagnostics ?? DEFAULT_DIAGNOSTICS, (a) => deps.onAlarm?.(a), kvAlarmMemory(deps.kv, 'lighting'));
    for (const lamp of model.lamps) {
      this.lampById.set(lamp.id, lamp);
      this.lampsByGroup.set(lamp.group, [...(this.lampsByGroup.get(lamp.group) ?? []), lamp]);
      if (lamp.defaultLevel !== undefined) this.special.add(lamp.id);
    }
    for (const [sensor, groups] of model.lightSensors) {
      for (const g of groups) {
        const group = model.groups.get(g);
        if (group?.sensor) this.lux.set(sensor + '|' + g, new LuxSwitch(group.sensor, model.sensorStaleMs.get(g) ?? 3_600_000));
      }
    }
  }

  /** Boot: re-derive every lamp's level now and assert it (the governor starts empty, so all are sent). */
  async start(): Promise<void> {
    const now = this.deps.clock.now();
    this.restorePresence(now);
    for (const l of this.deps.model.lamps) this.diagnostics.expect(l.id, now);
    await this.evaluateAll(now, true);
    this.timer = this.deps.clock.setInterval(() => void this.evaluateAll(this.deps.clock.now()), this.deps.model.evaluateIntervalMs);
  }

  stop(): void {
    this.deps.clock.clearInterval(this.timer);
  }

  /** A stored reading: light sensors, presence sensors, lamp metering. */
  onReading(deviceId: string, at: number, m: Record<string, MeasurementValue>): Promise<void> | void {
    if (typeof m.illuminance === 'number') this.onLux(deviceId, at, m.illuminance);
    const lamp = this.lampById.get(deviceId);
    if (lamp) this.onLampReading(lamp, at, m);
    if (m.presence === true || (typeof m.presence_count === 'number' && m.presence_count > 0)) return this.onPresence(deviceId, at);
  }

  setOverride(o: LightingOverride): Promise<string | undefined> {
    const now = this.deps.clock.now();
    const error = this.overrides.set(o, now);
    if (error) return Promise.resolve(error);
    return this.evaluateTargets([o.target], now).then(() => undefined);
  }

  clearOverride(target: string): Promise<void> {
    this.overrides.clear(target);
    return this.evaluateTargets([target], this.deps.clock.now());
  }

  /** Level decision for one lamp now (API/status). */
  decide(lamp: Lamp, now: number): LevelDecision {
    const group = this.deps.model.groups.get(lamp.group)!;
    return desiredLevel(group, lamp, now, this.inputs(group, lamp, now));
  }

  lamps(): readonly Lamp[] {
    return this.deps.model.lamps;
  }

  async evaluateAll(now: number, force = false): Promise<void> {
    this.accountBaseline(now);
    if (now - this.lastSilenceCheck >= 5 * 60_000) {
      this.lastSilenceCheck = now;
      this.diagnostics.checkSilence(now, (id) => this.deps.model.reportIntervalMs.get(id) ?? 900_000);
    }
    const overridden = this.overrides.targets(now);
    const work: Promise<unknown>[] = [];
    for (const [groupId, group] of this.deps.model.groups) {
      const lamps = this.lampsByGroup.get(groupId) ?? [];
      if (lamps.length === 0) continue;
      const plain = desiredLevel(group, { id: '', group: groupId, neighbours: [] }, now, this.inputs(group, undefined, now));
      const changed = force || this.groupLevel.get(groupId) !== plain.level;
      this.groupLevel.set(groupId, plain.level);
      const groupOverride = overridden.has(`group:${groupId}`);
      this.reportGroup(group, groupOverride ? undefined : plain, now, force);
      // Nothing changed for the group and no lamp of it has anything of its own: nothing to visit.
      if (!changed && !groupOverride && !this.hasOwn(lamps, overridden)) continue;
      const plainMembers: Lamp[] = [];
      for (const lamp of lamps) {
        const own = groupOverride || overridden.has(lamp.id) || this.special.has(lamp.id);
        if (!changed && !own) continue;
        if (!own) {
          plainMembers.push(lamp);
          continue;
        }
        const d = this.decide(lamp, now);
        if (d.level === plain.level && lamp.defaultLevel === undefined && !groupOverride && !overridden.has(lamp.id)) this.special.delete(lamp.id);
        work.push(this.apply(lamp, d, now, force));
      }
      work.push(this.applyGroup(groupId, plainMembers, plain, now, force));
    }
    await Promise.all(work);
  }

  /** Tell onGroupLevel when the group's decision (with a group override when one is in force) changes. */
  private reportGroup(group: LampGroup, plain: LevelDecision | undefined, now: number, force: boolean): void {
    const hook = this.deps.onGroupLevel;
    if (!hook) return;
    const d = plain ?? desiredLevel(group, { id: '', group: group.id, neighbours: [] }, now, { ...this.inputs(group, undefined, now), ...this.groupOverride(group.id, now) });
    const last = this.groupReported.get(group.id);
    if (!force && last && last.level === d.level && last.reason === d.reason) return;
    this.groupReported.set(group.id, d);
    hook(group.id, d, now);
  }

  private groupOverride(groupId: string, now: number): { override?: LightingOverride } {
    const o = this.overrides.forLamp('', groupId, now);
    return o ? { override: o } : {};
  }

  /** Does any lamp of the list have something of its own (override, presence, own default)? */
  private hasOwn(lamps: readonly Lamp[], overridden: ReadonlySet<string>): boolean {
    if (this.special.size === 0 && overridden.size === 0) return false;
    for (const l of lamps) if (this.special.has(l.id) || overridden.has(l.id)) return true;
    return false;
  }

  /** Lamps of a group that all follow the group decision: one group request to the governor. */
  private async applyGroup(groupId: string, lamps: Lamp[], d: LevelDecision, now: number, force: boolean): Promise<void> {
    const submitGroup = this.deps.governor.submitGroup;
    if (!submitGroup || lamps.length < 2 || d.reason === 'override') {
      await Promise.all(lamps.map((l) => this.apply(l, d, now, force)));
      return;
    }
    const todo = lamps.filter((l) => force || this.lampLevel.get(l.id) !== d.level || this.lampReason.get(l.id) !== d.reason);
    if (todo.length === 0) return;
    for (const l of todo) {
      this.lampLevel.set(l.id, d.level);
      this.lampReason.set(l.id, d.reason);
      this.deps.onLevel?.(l, d, now);
    }
    const r = await submitGroup.call(this.deps.governor, groupId, todo.map((l) => l.id), { action: { command: 'set_level', level: d.level }, reason: d.reason, source: SOURCE, why: d.why });
    if (r.status === 'failed') for (const l of todo) this.lampLevel.delete(l.id);
  }

  private inputs(group: LampGroup, lamp: Lamp | undefined, now: number) {
    const night = this.astro.nightAt(now);
    const key = `${group.id}|${night.date}`;
    if (!this.programs.has(key)) {
      if (this.programs.size > 4 * this.deps.model.groups.size + 16) this.programs.clear();
      this.programs.set(key, programFor(group, night, this.deps.site.timezone));
    }
    const sensorDark = this.sensorDark(group.id, now);
    const presenceAt = lamp ? this.presence[lamp.id] : undefined;
    const override = lamp ? this.overrides.forLamp(lamp.id, group.id, now) : undefined;
    return {
      night,
      program: this.programs.get(key),
      clockTrusted: this.deps.clockTrusted(),
      ...(sensorDark !== undefined ? { sensorDark } : {}),
      ...(presenceAt !== undefined ? { lastPresenceAt: presenceAt } : {}),
      ...(override ? { override } : {}),
    };
  }

  /** Light-sensor verdict for a group now (undefined: no sensor or stale). */
  sensorDark(groupId: string, now: number): boolean | undefined {
    for (const [key, sw] of this.lux) {
      if (!key.endsWith('|' + groupId)) continue;
      const v = sw.verdict(now);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  private async apply(lamp: Lamp, d: LevelDecision, now: number, force: boolean): Promise<void> {
    if (!force && this.lampLevel.get(lamp.id) === d.level && this.lampReason.get(lamp.id) === d.reason) return;
    this.lampReason.set(lamp.id, d.reason);
    this.lampLevel.set(lamp.id, d.level);
    this.deps.onLevel?.(lamp, d, now);
    // An override goes out as a timed override: the lamp itself falls back to its program at expiry.
    const r = await this.deps.governor.submit(
      d.reason === 'override' && d.expiresAt !== undefined
        ? { deviceId: lamp.id, action: { command: 'override', level: d.level, durationMin: Math.max(1, Math.ceil((d.expiresAt - now) / 60_000)) }, reason: d.reason, source: SOURCE, why: d.why, expiresAt: d.expiresAt }
        : { deviceId: lamp.id, action: { command: 'set_level', level: d.level }, reason: d.reason, source: SOURCE, why: d.why },
    );
    if (r.status === 'failed') this.lampLevel.delete(lamp.id); // retried at the next evaluation
  }

  private evaluateTargets(targets: string[], now: number): Promise<void> {
    const lamps = new Set<Lamp>();
    for (const t of targets) {
      const group = t.startsWith('group:') ? this.deps.model.groups.get(t.slice(6)) : undefined;
      if (group) this.reportGroup(group, undefined, now, false);
      if (t.startsWith('group:')) for (const l of this.lampsByGroup.get(t.slice(6)) ?? []) lamps.add(l);
      const l = this.lampById.get(t);
      if (l) lamps.add(l);
    }
    // Lamps of one group reaching the same decision (a presence boost, a group override) go as one group request.
    const same = new Map<string, { groupId: string; d: LevelDecision; lamps: Lamp[] }>();
    for (const l of lamps) {
      this.special.add(l.id);
      const d = this.decide(l, now);
      const key = `${l.group}|${d.level}|${d.reason}|${d.expiresAt ?? ''}`;
      const entry = same.get(key);
      if (entry) entry.lamps.push(l);
      else same.set(key, { groupId: l.group, d, lamps: [l] });
    }
    return Promise.all([...same.values()].map((e) => this.applyGroup(e.groupId, e.lamps, e.d, now, false))).then(() => undefined);
  }

  private onLux(deviceId: string, at: number, lux: number): void {
    for (const [key, sw] of this.lux) if (key.startsWith(deviceId + '|')) sw.update(lux, at);
  }

  /** Boosts in progress survive a restart: the last detection of each presence sensor is persisted. */
  private restorePresence(now: number): void {
    const sensors = [...this.deps.model.presenceSensors.keys(), ...this.lampById.keys()];
    for (const id of sensors) {
      const at = loadState(this.deps.kv, STATE_KEYS.presence + id, undefined as number | undefined, (v): v is number => typeof v === 'number');
      // restored lamps are evaluated on their own (not as plain group members) until the boost is over
      if (at !== undefined && now - at < 3_600_000) for (const lamp of this.markPresence(id, at)) this.special.add(lamp);
    }
  }

  private onPresence(deviceId: string, at: number): Promise<void> {
    const targets = this.markPresence(deviceId, at);
    this.deps.kv.setState(STATE_KEYS.presence + deviceId, at);
    return this.evaluateTargets([...targets], this.deps.clock.now());
  }

  private markPresence(deviceId: string, at: number): Set<string> {
    const direct = this.deps.model.presenceSensors.get(deviceId) ?? (this.lampById.has(deviceId) ? [deviceId] : []);
    const targets = new Set(direct);
    for (const id of direct) {
      const lamp = this.lampById.get(id)!;
      if (this.deps.model.groups.get(lamp.group)?.presence?.propagate) for (const n of lamp.neighbours) targets.add(n);
    }
    for (const id of targets) this.presence[id] = Math.max(this.presence[id] ?? 0, at);
    return targets;
  }

  private onLampReading(lamp: Lamp, at: number, m: Record<string, MeasurementValue>): void {
    if (typeof m.active_energy === 'number') this.energy.meter(lamp.group, lamp.id, m.active_energy);
    const commandedLevel = this.lampLevel.get(lamp.id);
    // Daylight only matters for a lamp commanded off (day burner): computed only then (every report passes here).
    const daylight = (commandedLevel ?? 0) === 0 && !this.astro.isDark(at) && !this.astro.isDark(at - 30 * 60_000) && !this.astro.isDark(at + 30 * 60_000);
    const flagged = m.lamp_failure !== undefined || m.day_burner !== undefined || m.cycling !== undefined;
    const obs: LampObservation = typeof m.active_power === 'number' ? { activePower: m.active_power } : {};
    if (flagged) obs.deviceFlags = { lampFailure: m.lamp_failure === true, dayBurner: m.day_burner === true, cycling: m.cycling === true };
    this.diagnostics.observe(lamp.id, at, obs, { commandedLevel, daylight });
  }

  private accountBaseline(now: number): void {
    const prev = this.lastEval;
    this.lastEval = now;
    if (prev === undefined || now <= prev || now - prev > 3_600_000) return;
    const dark = this.astro.isDark(prev);
    if (!dark) return;
    for (const [groupId, group] of this.deps.model.groups) {
      const n = this.lampsByGroup.get(groupId)?.length ?? 0;
      if (n > 0) this.energy.addBaseline(groupId, (n * group.ratedPowerW * (now - prev)) / 3_600_000);
    }
  }
}
