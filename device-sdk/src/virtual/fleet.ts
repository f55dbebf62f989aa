import type { Clock, TimerHandle } from '../clock/index';
import { type DeviceBehaviour, type UplinkData, deviceModels } from './devices/index';
import { type Site, environmentAt } from './fleet-env';
import { hashSeed, seededRandom } from './fleet-random';

export interface FleetDeviceSpec {
  id: string;
  /** Device class: a key of `deviceModels` (lamp, light_sensor, presence_sensor, ...). */
  type: string;
  group?: string;
  /** Report interval at speed 1; defaults to the model's realistic interval. */
  intervalMs?: number;
}

export interface FleetUplink {
  deviceId: string;
  type: string;
  /** First-party codec id that encodes `data` (device side) and decodes it (gateway side). */
  codec: string;
  data: UplinkData;
  /** Simulated time of the report (ms since epoch). */
  at: number;
}

export interface FleetOptions {
  clock: Clock;
  site: Site;
  devices: readonly FleetDeviceSpec[];
  onUplink(uplink: FleetUplink): void;
  /** Simulated time runs `speed` times faster than `clock` (report intervals divided by it). */
  speed?: number;
  seed?: number;
  /** First reports are spread over this many ms of `clock` time, so a demo shows data at once. */
  startupSpreadMs?: number;
}

interface Running {
  spec: FleetDeviceSpec;
  codec: string;
  behaviour: DeviceBehaviour;
  intervalMs: number;
  timer?: TimerHandle;
}

/**
 * A virtual fleet on any Clock: each device reports at its interval with values driven by one
 * shared environment (sun, local hour, weather), so light sensors, lamps and soil agree.
 */
export class VirtualFleet {
  private readonly running: Running[];
  private readonly speed: number;
  private startWall = 0;
  private startMono = 0;

  constructor(private readonly o: FleetOptions) {
    this.speed = o.speed ?? 1;
    if (!(this.speed > 0)) throw new RangeError(`VirtualFleet: speed must be > 0, got ${o.speed}`);
    this.running = o.devices.map((spec) => {
      const model = deviceModels[spec.type];
      if (!model) throw new Error(`VirtualFleet: no virtual model for device type "${spec.type}" (known: ${Object.keys(deviceModels).join(', ')})`);
      const rand = seededRandom((o.seed ?? 1) ^ hashSeed(spec.id));
      return { spec, codec: model.codec, behaviour: model.create({ id: spec.id, ...(spec.group ? { group: spec.group } : {}), rand }), intervalMs: spec.intervalMs ?? model.intervalMs };
    });
  }

  /** Simulated now: accelerated from the moment the fleet started. */
  simulatedNow(): number {
    return this.startWall + (this.o.clock.monotonic() - this.startMono) * this.speed;
  }

  start(): void {
    this.startWall = this.o.clock.now();
    this.startMono = this.o.clock.monotonic();
    const spread = this.o.startupSpreadMs ?? 10_000;
    this.running.forEach((device, i) => {
      const offset = this.running.length > 1 ? (spread * i) / this.running.length : 0;
      device.timer = this.o.clock.setTimeout(() => {
        this.report(device, device.intervalMs);
        device.timer = this.o.clock.setInterval(() => this.report(device, device.intervalMs), device.intervalMs / this.speed);
      }, offset);
    });
  }

  stop(): void {
    for (const device of this.running) {
      this.o.clock.clearTimeout(device.timer);
      this.o.clock.clearInterval(device.timer);
    }
  }

  get size(): number {
    return this.running.length;
  }

  private report(device: Running, elapsedMs: number): void {
    const at = this.simulatedNow();
    const data = device.behaviour.report(environmentAt(at, this.o.site), elapsedMs);
    this.o.onUplink({ deviceId: device.spec.id, type: device.spec.type, codec: device.codec, data, at });
  }
}
