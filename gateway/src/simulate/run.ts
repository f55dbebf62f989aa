import { SimulatedClock } from '@ardoise/device-sdk';
import { toHex } from '../pipeline/validate';
import { RulesRuntime } from '../rules/runtime';
import { openStore } from '../store';
import type { ReadingInput, Store } from '../store/types';
import { SimulatedHealth } from './health';
import type { Measurements } from './radio';
import type { SimulateConfig } from './scenario';
import { World } from './world';

export interface SimulationReport {
  from: string;
  to: string;
  /** Real time the run took, ms. */
  elapsedMs: number;
  /**
   * Per lamp group: `timeline` = the GROUP decision (what every lamp without anything of its own
   * does: program, light sensor, fail-safe, never-off floor, group override); `lamps` = per lamp,
   * only where it diverges from the group (presence boost, own override, own default level), each
   * divergence followed by the entry where the lamp rejoins the group; at most
   * MAX_LAMP_ENTRIES entries per group, the rest counted in `lampEntriesDropped`.
   */
  lighting: Record<string, {
    timeline: TimelineEntry[];
    lamps: Record<string, TimelineEntry[]>;
    lampEntriesDropped: number;
    usedWh: number;
    baselineWh: number;
    savingsPct: number;
  }>;
  irrigation: Record<string, { waterUsedL: number; waterings: number; skips: { at: string; reason: string; why: string }[] }>;
  alarms: { at: string; type: string; deviceId?: string }[];
  /**
   * Journal rows (a lamp-group multicast is ONE row) by reason and outcome; `devicesByReason`
   * counts what each device was told (a multicast row counts its members).
   */
  commands: { total: number; byReason: Record<string, number>; byOutcome: Record<string, number>; devicesByReason: Record<string, number> };
  /** Mode changes of the agent's HealthMonitor (worst active mode first), as they happened. */
  modes: { at: string; mode: string }[];
  readings: number;
  /** Frames that crossed the codecs: uplinks decoded / rejected by the gateway (codec.error), downlinks heard / ignored by devices, multicast encodes. */
  radio: { uplinks: number; uplinksRejected: number; downlinks: number; downlinksIgnored: number; multicasts: number };
}

export interface TimelineEntry {
  at: string;
  level: number;
  reason: string;
  why: string;
}

/** Bound on per-lamp divergence entries per group (a year of presence boosts must not blow up the report). */
export const MAX_LAMP_ENTRIES = 20_000;

const iso = (t: number) => new Date(t).toISOString();

/**
 * Runs the agent's rules (RulesRuntime: engines + safety governor + SQLite journal/state) against
 * a simulated field on a SimulatedClock, as fast as possible, and reports what happened.
 */
export async function runSimulation(cfg: SimulateConfig, from: number, to: number, storePath: string): Promise<SimulationReport> {
  if (!(to > from)) throw new RangeError(`simulate: --to (${iso(to)}) must be after --from (${iso(from)})`);
  const started = performance.now();
  const sim = cfg.simulation;
  const clock = new SimulatedClock(from);
  const store = openStore({ path: storePath, maxBytes: 8 * 1024 ** 3, retentionDays: 3650, synchronous: 'NORMAL', clock });
  const world = new World(cfg, from, (r) => store.appendEvent({
    kind: 'event', type: 'codec.error', at: clock.now(), deviceId: r.deviceId, severity: 'warning',
    data: { codec: r.codec, errors: r.errors.slice(0, 10).map((e) => e.slice(0, 500)), f_port: r.fPort, payload_hex: toHex(r.bytes), source: 'simulate' },
  }));
  world.now = from;
  const report = emptyReport(cfg, from, to);
  const divergence = new LampDivergence(report);
  const energy = new Map<string, { usedWh: number; baselineWh: number }>();
  const health = new SimulatedHealth(cfg, clock, store);

  const makeRuntime = () =>
    new RulesRuntime({
      clock, site: cfg.site, rules: cfg.rules, devices: cfg.devices, store, transport: world.transport,
      clockTrusted: () => health.clockTrusted(),
      onGroupLevel: (groupId, d, now) => divergence.group(groupId, d, now),
      onLevel: (lamp, d, now) => divergence.lamp(lamp.id, lamp.group, d, now),
      onSkip: (zone, d, now) => report.irrigation[zone.id]?.skips.push({ at: iso(now), reason: d.skip!, why: d.why }),
      onWatering: (zone) => {
        const z = report.irrigation[zone.id];
        if (z) z.waterings++;
      },
    });
  const collectEnergy = (rt: RulesRuntime) => {
    for (const [g, e] of Object.entries(rt.lighting.energy.report())) {
      const acc = energy.get(g) ?? { usedWh: 0, baselineWh: 0 };
      energy.set(g, { usedWh: acc.usedWh + e.usedWh, baselineWh: acc.baselineWh + e.baselineWh });
    }
  };

  let runtime = makeRuntime();
  const trackMode = (t: number) => {
    const m = health.update(t);
    if (m) report.modes.push({ at: iso(t), mode: m });
  };
  health.start();
  trackMode(from);
  await runtime.start();
  /** Decoded readings, as the pipeline hands them on: committed first, then health, then the rules. */
  const ingest = async (readings: Reading[], receivedAt: number) => {
    if (readings.length === 0) return;
    if (sim.store_readings) store.appendReadings(readings.map((r): ReadingInput => ({ deviceId: r.deviceId, observedAt: r.at, receivedAt, source: 'simulate', measurements: r.measurements })));
    report.readings += readings.length;
    for (const r of readings) health.noteReading(r.deviceId);
    for (const r of readings) await runtime.onReading(r.deviceId, r.at, r.measurements);
  };
  const events = scheduledEvents(cfg);
  const stepMs = sim.step_s * 1000;
  for (let t = from + stepMs; t <= to; t += stepMs) {
    while (events.length > 0 && events[0].at <= t - stepMs) {
      const e = events.shift()!;
      if (e.kind === 'restart') {
        collectEnergy(runtime);
        runtime.stop();
        runtime = makeRuntime();
        await runtime.start();
      } else await e.run({ rt: runtime, world, now: clock.now(), ingest });
    }
    await clock.advanceAsync(stepMs);
    world.now = clock.now();
    world.step(t);
    await ingest(world.due(t), t);
    trackMode(t);
  }
  collectEnergy(runtime);
  runtime.stop();
  health.stop();
  report.radio = { ...world.radio.counts };
  finish(report, store, world, energy);
  store.close();
  report.elapsedMs = Math.round(performance.now() - started);
  return report;
}

/** Group timelines, and per-lamp entries only where a lamp differs from its group's decision. */
class LampDivergence {
  private readonly groupNow = new Map<string, { level: number; reason: string }>();
  private readonly diverged = new Set<string>();
  private readonly entries = new Map<string, number>();
  constructor(private readonly report: SimulationReport) {}

  group(groupId: string, d: { level: number; reason: string; why: string }, now: number): void {
    this.groupNow.set(groupId, d);
    this.report.lighting[groupId]?.timeline.push({ at: iso(now), level: d.level, reason: d.reason, why: d.why });
  }

  lamp(lampId: string, groupId: string, d: { level: number; reason: string; why: string }, now: number): void {
    const g = this.groupNow.get(groupId);
    const differs = !g || g.level !== d.level || g.reason !== d.reason;
    if (!differs && !this.diverged.has(lampId)) return;
    if (differs) this.diverged.add(lampId);
    else this.diverged.delete(lampId);
    const r = this.report.lighting[groupId];
    if (!r) return;
    const count = this.entries.get(groupId) ?? 0;
    if (count >= MAX_LAMP_ENTRIES) {
      r.lampEntriesDropped++;
      return;
    }
    this.entries.set(groupId, count + 1);
    (r.lamps[lampId] ??= []).push({ at: iso(now), level: d.level, reason: d.reason, why: d.why });
  }
}

type Reading = { deviceId: string; at: number; measurements: Measurements };
interface ActionContext {
  rt: RulesRuntime;
  world: World;
  now: number;
  ingest(readings: Reading[], receivedAt: number): Promise<void>;
}
type SimEvent = { at: number; kind: 'restart' } | { at: number; kind: 'action'; run(c: ActionContext): Promise<unknown> | void };

function scheduledEvents(cfg: SimulateConfig): SimEvent[] {
  const sim = cfg.simulation;
  const events: SimEvent[] = [
    ...sim.restart_at.map((at): SimEvent => ({ at, kind: 'restart' })),
    ...sim.faults.map((f): SimEvent => ({ at: f.at, kind: 'action', run: (c) => c.world.fault(f.device, f.kind) })),
    ...sim.overrides.map((o): SimEvent => ({
      at: o.at, kind: 'action',
      run: ({ rt, now }) => rt.lighting.setOverride({ target: o.target, level: o.level, start: now, expiry: now + o.duration_min * 60_000, source: o.source }),
    })),
    ...sim.drought.map((d): SimEvent => ({ at: d.at, kind: 'action', run: (c) => c.rt.irrigation.setDroughtLevel(d.level, 'hypervisor', d.until) })),
    ...sim.presence.map((p): SimEvent => ({
      at: p.at, kind: 'action',
      run: (c) => {
        const measurements = c.world.presence(p.device);
        return measurements && c.ingest([{ deviceId: p.device, at: c.now, measurements }], c.now);
      },
    })),
  ];
  return events.sort((a, b) => a.at - b.at);
}

function emptyReport(cfg: SimulateConfig, from: number, to: number): SimulationReport {
  const lighting: SimulationReport['lighting'] = {};
  for (const g of Object.keys(cfg.rules.lighting.groups)) lighting[g] = { timeline: [], lamps: {}, lampEntriesDropped: 0, usedWh: 0, baselineWh: 0, savingsPct: 0 };
  const irrigation: SimulationReport['irrigation'] = {};
  for (const z of Object.keys(cfg.rules.irrigation.zones)) irrigation[z] = { waterUsedL: 0, waterings: 0, skips: [] };
  return { from: iso(from), to: iso(to), elapsedMs: 0, lighting, irrigation, alarms: [], commands: { total: 0, byReason: {}, byOutcome: {}, devicesByReason: {} }, modes: [], readings: 0, radio: { uplinks: 0, uplinksRejected: 0, downlinks: 0, downlinksIgnored: 0, multicasts: 0 } };
}

function finish(report: SimulationReport, store: Store, world: World, energy: Map<string, { usedWh: number; baselineWh: number }>): void {
  for (const [g, e] of energy) {
    const r = report.lighting[g];
    if (!r) continue;
    r.usedWh = Math.round(e.usedWh);
    r.baselineWh = Math.round(e.baselineWh);
    r.savingsPct = e.baselineWh > 0 ? Math.round(1000 * (1 - e.usedWh / e.baselineWh)) / 10 : 0;
  }
  for (const [zone, litres] of world.waterByZone) if (report.irrigation[zone]) report.irrigation[zone].waterUsedL = Math.round(litres);
  for (let after = 0; ; ) {
    const page = store.commandsAfter(after, 5000);
    if (page.length === 0) break;
    for (const c of page) {
      report.commands.total++;
      report.commands.byReason[c.reason] = (report.commands.byReason[c.reason] ?? 0) + 1;
      report.commands.byOutcome[c.outcome] = (report.commands.byOutcome[c.outcome] ?? 0) + 1;
      const members = typeof c.params.members === 'number' ? c.params.members : 1;
      report.commands.devicesByReason[c.reason] = (report.commands.devicesByReason[c.reason] ?? 0) + members;
    }
    after = page[page.length - 1].seq;
  }
  for (let after = 0; ; ) {
    const page = store.eventsAfter(after, 5000, { kind: 'alarm' });
    if (page.length === 0) break;
    for (const e of page) report.alarms.push({ at: iso(e.at), type: e.type, ...(e.deviceId ? { deviceId: e.deviceId } : {}) });
    after = page[page.length - 1].seq;
  }
}
