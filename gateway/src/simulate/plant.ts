import { clearSkyLux, environmentAt } from '@ardoise/device-sdk';
import type { Actuation } from '../governor/types';
import type { MeasurementValue } from '../store/types';

/**
 * The simulated field ("plant"): devices that OBEY the commands the governor sends (unlike the
 * demo fleet, whose lamps follow a fixed program), so the rules' effect can be measured:
 * lamps (class C: apply at once; power and energy counter), valves (self-close after the
 * duration or volume), soil probes (VWC drying with ET, wetted by watering and rain), a rain
 * gauge, a weather station, light sensors. Faults can be injected per device.
 */
export type Measurements = Record<string, MeasurementValue>;

export interface SimSite {
  latitude: number;
  longitude: number;
  timezone: string;
}

export interface Weather {
  /** Rain now, mm/h. */
  rainAt(t: number): number;
}

export class SimLamp {
  level = 100;
  energyWh = 0;
  dead = false;
  private lastAt: number;
  constructor(readonly id: string, readonly ratedW: number, start: number) {
    this.lastAt = start;
  }
  command(a: Actuation): void {
    if (a.command === 'set_level' || a.command === 'override') this.level = a.level;
  }
  power(): number {
    return this.dead || this.level === 0 ? 0.4 : this.ratedW * (0.1 + 0.9 * (this.level / 100));
  }
  report(t: number): Measurements {
    this.energyWh += (this.power() * (t - this.lastAt)) / 3_600_000;
    this.lastAt = t;
    return { dim_level: this.level, active_power: Math.round(this.power() * 10) / 10, active_energy: Math.round(this.energyWh) };
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
  /** Class A: downlinks waiting for the next uplink's receive window. */
  private readonly downlinks: Actuation[] = [];
  constructor(readonly id: string, readonly flowLpm: number, start: number, readonly classA = false) {
    this.lastAt = start;
  }
  /** What the network delivers: at once (class C) or after the next uplink (class A). */
  receive(a: Actuation, t: number): void {
    if (this.classA) this.downlinks.push(a);
    else this.command(a, t);
  }
  command(a: Actuation, t: number): void {
    this.advance(t);
    if (a.command === 'open') {
      this.open = true;
      this.until = t + a.durationMin * 60_000;
      this.volumeLimit = a.maxVolumeL;
      this.openedVolume = 0;
    } else if (a.command === 'close' && !this.stuckOpen) this.open = false;
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
  report(t: number): Measurements {
    this.advance(t);
    const m = { valve_open: this.open, flow_rate: this.open ? this.flowLpm : 0, water_volume: Math.round(this.volumeL) };
    // class A: the uplink (old state) opens the receive windows; queued downlinks apply now
    for (const a of this.downlinks.splice(0)) this.command(a, t);
    return m;
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

export function lightSensorReport(t: number, site: SimSite): Measurements {
  return { illuminance: Math.round(clearSkyLux(environmentAt(t, { ...site }).sunAltitude) * 10) / 10 };
}

export function weatherReport(t: number, site: SimSite): Measurements {
  return { air_temperature: Math.round(environmentAt(t, site).airTemperature * 10) / 10 };
}
