import type { Data } from '@ardoise/codecs';
import type { CommandTransport } from '../governor/types';
import { type Measurements, SimRadio, type UplinkRejected } from './radio';
import type { SimulateConfig } from './scenario';
import { SimLamp, SimRainGauge, SimSoil, SimValve, lightSensorReport, presenceReport, soilReport, weatherReport } from './plant';

interface Reporter {
  id: string;
  everyMs: number;
  next: number;
  /** The device-side frame (codec field names), or undefined for none. */
  report(t: number): Data | undefined;
}

/**
 * All simulated devices of a scenario, their physics and their report schedule
 * (first reports spread over the interval, as a real fleet's are).
 */
export class World {
  readonly lamps = new Map<string, SimLamp>();
  readonly valves = new Map<string, SimValve>();
  readonly soils = new Map<string, SimSoil>();
  readonly waterByZone = new Map<string, number>();
  private readonly valveZone = new Map<string, string>();
  /** Report schedule: bucket (time / stepMs) → reporters due in it. */
  private readonly buckets = new Map<number, Reporter[]>();
  private lastBucket: number;
  private readonly stepMs: number;
  private readonly dead = new Set<string>();
  private lastPhysics: number;
  /** Every frame and command crosses the devices' codecs (radio.ts). */
  readonly radio: SimRadio;
  readonly transport: CommandTransport;

  constructor(private readonly cfg: SimulateConfig, start: number, onRejected?: (r: UplinkRejected) => void) {
    this.lastPhysics = start;
    this.radio = new SimRadio(cfg.devices, (id, cmd) => this.hear(id, cmd), onRejected);
    this.transport = this.radio.transport;
    const sim = cfg.simulation;
    this.stepMs = sim.step_s * 1000;
    this.lastBucket = Math.floor(start / this.stepMs);
    const site = cfg.site;
    const min = 60_000;
    let i = 0;
    const add = (id: string, everyMin: number, report: (t: number) => Data | undefined) => {
      const everyMs = everyMin * min;
      this.schedule({ id, everyMs, next: start + ((i++ * 7919) % everyMin) * min + min, report });
    };
    for (const d of cfg.devices) {
      const group = d.group ?? '';
      if (d.type === 'lamp') {
        const lamp = new SimLamp(d.id, cfg.rules.lighting.groups[group]?.rated_power_w ?? 50, start);
        this.lamps.set(d.id, lamp);
        add(d.id, sim.lamp_report_min, (t) => lamp.report(t));
      } else if (d.type === 'valve') {
        const valve = new SimValve(d.id, sim.valve_flow_lpm, start, sim.valve_class === 'A');
        this.valves.set(d.id, valve);
        this.valveZone.set(d.id, group);
        add(d.id, sim.valve_report_min, (t) => valve.report(t));
      } else if (d.type === 'soil_probe') {
        const area = cfg.rules.irrigation.zones[group]?.area_m2 ?? 200;
        if (!this.soils.has(group)) this.soils.set(group, new SimSoil(sim.soil.initial_vwc, area, sim.soil.dry_per_day));
        add(d.id, sim.probe_report_min, () => soilReport(this.soils.get(group)!.vwc));
      } else if (d.type === 'light_sensor') add(d.id, sim.sensor_report_min, (t) => lightSensorReport(t, site));
      else if (d.type === 'presence_sensor') add(d.id, sim.sensor_report_min, () => presenceReport(false, sim.sensor_report_min * 60));
      else if (d.type === 'weather_station') add(d.id, 30, (t) => weatherReport(t, site));
      else if (d.type === 'rain_gauge') {
        const gauge = new SimRainGauge();
        add(d.id, 15, (t) => gauge.report(this.rainBetween(t - 15 * min, t), 15));
      }
    }
  }

  /**
   * A presence detection: a presence sensor sends its `counts` frame through its codec; a lamp
   * with its own detector (no field for it in the streetlight layout) is handed `presence: true`.
   */
  presence(deviceId: string): Measurements | undefined {
    if (this.dead.has(deviceId)) return undefined;
    const type = this.cfg.devices.find((d) => d.id === deviceId)?.type;
    if (type !== 'presence_sensor') return { presence: true };
    return this.radio.uplink(deviceId, presenceReport(true, this.cfg.simulation.sensor_report_min * 60));
  }

  /** A decoded downlink reaches its device: lamps (class C) apply at once, valves per their class. */
  private hear(deviceId: string, cmd: Data): void {
    const lamp = this.lamps.get(deviceId);
    if (lamp) return lamp.apply(cmd);
    const valve = this.valves.get(deviceId);
    if (valve) return valve.receive(cmd, this.now);
    throw new Error(`no simulated device "${deviceId}"`);
  }

  now = 0;

  fault(device: string, kind: 'dies' | 'stuck_open' | 'lamp_dead'): void {
    if (kind === 'dies') this.dead.add(device);
    if (kind === 'stuck_open') {
      const v = this.valves.get(device);
      if (v) v.stuckOpen = true;
    }
    if (kind === 'lamp_dead') {
      const l = this.lamps.get(device);
      if (l) l.dead = true;
    }
  }

  /** Physics up to t: valves deliver water into their zone's soil, rain falls. */
  step(t: number): void {
    const ms = t - this.lastPhysics;
    if (ms <= 0) return;
    const litres = new Map<string, number>();
    for (const [id, v] of this.valves) {
      const l = v.advance(t);
      if (l > 0) {
        const zone = this.valveZone.get(id)!;
        litres.set(zone, (litres.get(zone) ?? 0) + l);
        this.waterByZone.set(zone, (this.waterByZone.get(zone) ?? 0) + l);
      }
    }
    const rain = this.rainBetween(this.lastPhysics, t);
    for (const [zone, soil] of this.soils) soil.step(ms, litres.get(zone) ?? 0, rain);
    this.lastPhysics = t;
  }

  /** Reports due by t, in time order. */
  due(t: number): { deviceId: string; at: number; measurements: Measurements }[] {
    const out: { deviceId: string; at: number; measurements: Measurements }[] = [];
    const last = Math.floor(t / this.stepMs);
    for (let b = this.lastBucket; b <= last; b++) {
      const list = this.buckets.get(b);
      if (!list) continue;
      const later: Reporter[] = [];
      for (const r of list) {
        if (r.next > t) {
          later.push(r);
          continue;
        }
        const at = r.next;
        r.next += r.everyMs;
        this.schedule(r);
        if (this.dead.has(r.id)) continue;
        const frame = r.report(at);
        const measurements = frame && this.radio.uplink(r.id, frame);
        if (measurements) out.push({ deviceId: r.id, at, measurements });
      }
      if (later.length > 0) this.buckets.set(b, later);
      else this.buckets.delete(b);
    }
    this.lastBucket = last;
    return out.sort((a, b) => a.at - b.at);
  }

  private schedule(r: Reporter): void {
    const b = Math.floor(r.next / this.stepMs);
    const list = this.buckets.get(b);
    if (list) list.push(r);
    else this.buckets.set(b, [r]);
  }

  private rainBetween(from: number, to: number): number {
    let mm = 0;
    for (const r of this.cfg.simulation.rain) {
      const overlap = Math.min(to, r.to) - Math.max(from, r.from);
      if (overlap > 0) mm += (r.mm_per_h * overlap) / 3_600_000;
    }
    return mm;
  }
}
