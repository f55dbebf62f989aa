/**
 * A tiny radio medium: virtual LoRaWAN devices placed at distances from simulated concentrators.
 * An uplink reaches every concentrator in range with a plausible RSSI/SNR (log-distance path loss
 * plus a seeded jitter); a downlink reaches the device it is addressed to if in range.
 */
import type { ConcentratorSimulator, Transmission } from './concentrator';
import type { ReceivedDownlink, VirtualLorawanDevice } from './lorawan-device';

export interface Placement {
  device: VirtualLorawanDevice;
  /** Distance (m) to each concentrator by gateway EUI; absent = out of range. */
  distances: Record<string, number>;
}

const EU868_UPLINK_CHANNELS = [868.1, 868.3, 868.5];

export class RadioMedium {
  private readonly placements = new Map<string, Placement>();
  private seed = 12345;
  /** Downlinks each device received, in order. */
  readonly delivered = new Map<string, ReceivedDownlink[]>();
  readonly joinAccepted = new Map<string, number>();

  constructor(private readonly concentrators: ConcentratorSimulator[]) {
    for (const c of concentrators) c.onTransmit((t) => this.onTransmit(t));
  }

  place(device: VirtualLorawanDevice, distances: Record<string, number>): void {
    this.placements.set(device.devEui, { device, distances });
  }

  /** The device transmits `phy`; every concentrator in range hears it. Returns how many heard it. */
  transmit(device: VirtualLorawanDevice, phy: Buffer, datr = 'SF7BW125'): number {
    const p = this.placements.get(device.devEui);
    if (!p) throw new Error(`device ${device.devEui} is not placed in the medium`);
    const freq = EU868_UPLINK_CHANNELS[this.rand(3)]!;
    let heard = 0;
    for (const c of this.concentrators) {
      const d = p.distances[c.gatewayEui];
      if (d === undefined) continue;
      const { rssi, lsnr } = this.link(d);
      if (rssi < -137) continue;
      c.receive(phy, { freq, datr, rssi, lsnr });
      heard++;
    }
    return heard;
  }

  /** Log-distance path loss (exponent 2.7, 14 dBm EIRP, 40 dB at 1 m) with ±2 dB jitter. */
  private link(distanceM: number): { rssi: number; lsnr: number } {
    const rssi = 14 - 40 - 27 * Math.log10(Math.max(1, distanceM)) + (this.rand(41) - 20) / 10;
    const noiseFloor = -117; // 125 kHz channel, 6 dB noise figure
    return { rssi: Math.max(rssi, -140), lsnr: Math.max(-20, Math.min(12, rssi - noiseFloor)) };
  }

  private onTransmit(t: Transmission): void {
    for (const { device } of this.placements.values()) {
      if (device.acceptJoinIfPending(t.phy)) {
        this.joinAccepted.set(device.devEui, (this.joinAccepted.get(device.devEui) ?? 0) + 1);
        return;
      }
      const d = device.receiveDownlink(t.phy);
      if (d) {
        const list = this.delivered.get(device.devEui) ?? [];
        list.push(d);
        this.delivered.set(device.devEui, list);
        return;
      }
    }
  }

  private rand(n: number): number {
    this.seed = (this.seed * 1103515245 + 12345) >>> 0;
    return (this.seed >>> 16) % n;
  }
}
