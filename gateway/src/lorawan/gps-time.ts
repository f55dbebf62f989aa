/**
 * Concentrator GPS time as a clock check (docs/domain.md, degraded mode: "GPS time from the
 * concentrator when present"). An rxpk carries `tmms` (ms since the GPS epoch) only when the
 * concentrator has a valid GPS time reference. When it agrees with the system clock within the
 * tolerance, the clock is confirmed (ClockTrust.confirmTime); when it does not, the gateway says so
 * and does NOT confirm: it cannot set the system clock, and a wrong clock must stay untrusted.
 */
import { type Clock, DEFAULT_GPS_LEAP_SECONDS, GPS_EPOCH_MS, type RxPacket } from '@ardoise/device-sdk';
import type { Logger } from '../logging/index';

export interface GpsTimeCheckOptions {
  clock: Clock;
  confirmTime: (source: string) => void;
  log: Logger;
  /** Default 2000 ms. */
  toleranceMs?: number;
  /** Check at most this often (monotonic). Default 60 s. */
  intervalMs?: number;
  leapSeconds?: number;
}

export function gpsTimeCheck(o: GpsTimeCheckOptions): (rx: RxPacket) => void {
  let lastCheck: number | undefined;
  let lastWarned: number | undefined;
  return (rx) => {
    if (rx.tmms === undefined || !(rx.tmms > 0)) return;
    const mono = o.clock.monotonic();
    if (lastCheck !== undefined && mono - lastCheck < (o.intervalMs ?? 60_000)) return;
    lastCheck = mono;
    const gpsUnix = GPS_EPOCH_MS + rx.tmms - (o.leapSeconds ?? DEFAULT_GPS_LEAP_SECONDS) * 1000;
    const offset = o.clock.now() - gpsUnix;
    if (Math.abs(offset) <= (o.toleranceMs ?? 2000)) {
      o.confirmTime(`gps:${rx.gatewayEui}`);
    } else if (lastWarned === undefined || mono - lastWarned >= 3_600_000) {
      lastWarned = mono;
      o.log.warn({ gatewayEui: rx.gatewayEui, offsetMs: offset, gpsTime: new Date(gpsUnix).toISOString() }, 'system clock disagrees with concentrator GPS time; clock not confirmed');
    }
  };
}
