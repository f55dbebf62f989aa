import { clearSkyLux, environmentAt } from '@ardoise/device-sdk';
import type { Data } from '@ardoise/codecs';

/**
 * The simulated field ("plant"): devices that OBEY the commands the governor sends (unlike the
 * demo fleet, whose lamps follow a fixed program), so the rules' effect can be measured:
 * lamps (class C: apply at once; power and energy counter), valves (self-close after the
 * duration or volume), soil probes (VWC drying with ET, wetted by watering and rain), a rain
 * gauge, a weather station, light sensors. Faults can be injected per device.
 */
export interface SimSite {
  latitude: number;
  longitude: number;
  timezone: string;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * Device-side frames below use the field names of the devices' first-party codecs (codecs/src/devices/*.md):
 * they become bytes through `encodeUplink` (radio.ts); commands arrive as what `decodeDownlink` gave back.
 */
export class SimLamp {
  level = 100;
  energyWh = 0;
  dead = false;
  private reason: 'default' | 'program' | 'override' = 'default';
  private hoursOn = 0;
  private switches = 0;
  private lastAt: number;
  constructor(readonly id: string, readonly ratedW: number, start: number) {
    this.lastAt = start;
  }
  /** A decoded streetlight downlink (`set_level` / `override`; others change nothing simulated). */
  apply(cmd: Data): void {
    if ((cmd.command !== 'set_level' && cmd.command !== 'override') || typeof cmd.level !== 'number') return;
    if ((this.level === 0) !== (cmd.level === 0)) this.switches++;
    this.level = cmd.level;
    this.reason = cmd.command === 'override' ? 'override' : 'program';
  }
  power(): number {
    return this.dead || this.level === 0 ? 0.4 : this.ratedW * (0.1 + 0.9 * (this.level / 100));
  }
  /** Status frame (metering since the last one). A dead lamp's controller still reports: power near zero. */
  report(t: number): Data {
    const ms = t - this.lastAt;
    this.energyWh += (this.power() * ms) / 3_600_000;
    if (this.level > 0) this.hoursOn += ms / 3_600_000;
    this.lastAt = t;
    const power = round(this.power(), 1);
    return {
      frame: 'status', dim_level_target: this.level, dim_level: this.level, control_reason: this.reason,
      active_power: power, active_energy: Math.round(this.energyWh), voltage: 230, current: round(power / 230, 3),
      power_factor: 0.95, operating_hours: Math.floor(this.hoursOn), switch_count: this.switches,
    };
  }
}

export class SimValve {
  open = false;
  until = 0;
  volumeLimit = 0;
  volumeL = 0;
  private openedVolume = 0;
  private lastAt: number;
  /** Fault: the valve never closes (and keeps reporting open). */
  stuckOpen = false;
  /** Class A: decoded downlinks waiting for the next uplink's receive window. */
  private readonly downlinks: Data[] = [];
  constructor(readonly id: string, readonly flowLpm: number, start: number, readonly classA = false) {
    this.lastAt = start;
  }
  /** What the network delivers: at once (class C) or after the next uplink (class A). */
  receive(cmd: Data, t: number): void {
    if (this.classA) this.downlinks.push(cmd);
    else this.command(cmd, t);
  }
  /** A decoded valve downlink: `open` {duration_min, max_volume (0 = no limit)} or `close`. */
  command(cmd: Data, t: number): void {
    this.advance(t);
    if (cmd.command === 'open') {
      this.open = true;
      this.until = t + Number(cmd.duration_min) * 60_000;
      this.volumeLimit = Number(cmd.max_volume ?? 0);
      this.openedVolume = 0;
    } else if (cmd.command === 'close' && !this.stuckOpen) this.open = false;
  }
  /** Flows until now, applying the device-side self-close; returns litres delivered. */
  advance(t: number): number {
    if (t <= this.lastAt) return 0;
    let litres = 0;
    if (this.open) {
      const end = this.stuckOpen ? t : Math.min(t, this.until);
      litres = (this.flowLpm * Math.max(0, end - this.lastAt)) / 60_000;
      if (!this.stuckOpen && this.volumeLimit > 0) litres = Math.min(litres, this.volumeLimit - this.openedVolume);
      this.openedVolume += litres;
      if (!this.stuckOpen && (t >= this.until || (this.volumeLimit > 0 && this.openedVolume >= this.volumeLimit))) this.open = false;
    }
    this.volumeL += litres;
    this.lastAt = t;
    return litres;
  }
  /** Status frame. A stuck valve does not know it is stuck: fault "none", still open. */
  report(t: number): Data {
    this.advance(t);
    const remaining = this.open && !this.stuckOpen ? Math.max(0, Math.ceil((this.until - t) / 60_000)) : 0;
    const frame = {
      frame: 'status', valve_open: this.open, valve_fault: false, flow_rate: this.open ? this.flowLpm : 0,
      water_volume: Math.round(this.volumeL), remaining_min: Math.min(remaining, 0xffff), battery: 90, fault: 'none',
    };
    // class A: the uplink (old state) opens the receive windows; queued downlinks apply now
    for (const cmd of this.downlinks.splice(0)) this.command(cmd, t);
    return frame;
  }
}

/** One zone's soil: VWC drops with evapotranspiration, rises with water (L over area × root depth). */
export class SimSoil {
  constructor(
    public vwc: number,
    readonly areaM2: number,
    readonly dryPerDay: number,
    readonly rootDepthM = 0.2,
  ) {}
  step(ms: number, waterL: number, rainMm: number): void {
    const days = ms / 86_400_000;
    const addPct = ((waterL / this.areaM2 + rainMm) / (this.rootDepthM * 1000)) * 100;
    this.vwc = Math.max(5, Math.min(45, this.vwc - this.dryPerDay * days + addPct));
  }
}

export function lightSensorReport(t: number, site: SimSite): Data {
  return { frame: 'reading', illuminance: round(clearSkyLux(environmentAt(t, { ...site }).sunAltitude), 1), battery: 90 };
}

/** A weather station sends the air-quality layout with only the air temperature present. */
export function weatherReport(t: number, site: SimSite): Data {
  return { frame: 'reading', air_temperature: round(environmentAt(t, site).airTemperature, 1) };
}

/** Presence sensor `counts` frame: a detection, or the periodic heartbeat with nothing seen. */
export function presenceReport(detected: boolean, intervalS: number): Data {
  return { frame: 'counts', occupied: detected, presence: detected, tamper: false, presence_count: detected ? 1 : 0, interval_s: Math.min(intervalS, 0xffff), battery: 90 };
}

/** Soil probe reading: VWC, and the tension that goes with it (simple retention curve). */
export function soilReport(vwc: number): Data {
  return { frame: 'reading', soil_moisture_vwc: round(vwc, 1), soil_tension: Math.round(Math.max(5, 200 - 6 * vwc)), battery: 90 };
}

/**
 * Tipping-bucket rain gauge: whole tips of `resolutionMm` over the interval; the part of a tip not
 * yet tipped stays in the bucket for the next report (no rain lost to rounding).
 */
export class SimRainGauge {
  private bucketMm = 0;
  constructor(readonly resolutionMm = 0.2) {}
  report(mm: number, intervalMin: number): Data {
    this.bucketMm += mm;
    const tips = Math.min(0xffff, Math.floor(this.bucketMm / this.resolutionMm + 1e-9));
    this.bucketMm = Math.max(0, this.bucketMm - tips * this.resolutionMm);
    return { frame: 'rain', rain_tips: tips, interval_min: intervalMin, resolution_mm: this.resolutionMm, battery: 90 };
  }
}
