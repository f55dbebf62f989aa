import { AlarmLatch, type AlarmMemory, type RuleAlarm } from '../alarm-latch';

/**
 * Lamp diagnostics inferred from readings and raised as alarms (raise once, clear once):
 * - lamp_failure: commanded on, active power near zero for `confirmReports` reports in a row
 *   (or the controller's own lamp_failure flag);
 * - day_burner: power drawn in daylight while nothing commanded the lamp on;
 * - cycling: more than `cyclingSwitches` on↔off power transitions within `cyclingWindowMs`;
 * - no_report: silent for more than `noReportFactor` × the expected report interval.
 */
export type LampAlarmType = 'lighting.lamp_failure' | 'lighting.day_burner' | 'lighting.cycling' | 'lighting.no_report';

export type LampAlarm = RuleAlarm<LampAlarmType>;

export interface DiagnosticsSettings {
  nearZeroW: number;
  dayBurnerW: number;
  confirmReports: number;
  cyclingSwitches: number;
  cyclingWindowMs: number;
  noReportFactor: number;
}

export const DEFAULT_DIAGNOSTICS: DiagnosticsSettings = {
  nearZeroW: 2,
  dayBurnerW: 5,
  confirmReports: 2,
  cyclingSwitches: 6,
  cyclingWindowMs: 3_600_000,
  noReportFactor: 3,
};

export interface LampObservation {
  activePower?: number;
  deviceFlags?: { lampFailure?: boolean; dayBurner?: boolean; cycling?: boolean };
}

export interface LampContext {
  /** Level the governor last commanded (undefined = never commanded). */
  commandedLevel: number | undefined;
  /** Full daylight (not twilight) at the lamp, from the astronomical clock. */
  daylight: boolean;
}

interface LampState {
  zeroPowerReports: number;
  dayPowerReports: number;
  lastOn?: boolean;
  transitions: number[];
  lastReportAt: number;
  silenceLimitMs?: number;
}

const NO_DATA: Record<string, unknown> = Object.freeze({});

export class LampDiagnostics {
  private readonly lamps = new Map<string, LampState>();
  private readonly latch: AlarmLatch<LampAlarmType>;

  constructor(
    private readonly settings: DiagnosticsSettings,
    onAlarm: (alarm: LampAlarm) => void,
    memory?: AlarmMemory,
  ) {
    this.latch = new AlarmLatch(onAlarm, memory);
  }

  observe(deviceId: string, at: number, obs: LampObservation, ctx: LampContext): void {
    const s = this.state(deviceId, at);
    s.lastReportAt = Math.max(s.lastReportAt, at);
    this.latch.set(deviceId, 'lighting.no_report', false, at, NO_DATA);
    const p = obs.activePower;
    const flags = obs.deviceFlags ?? {};
    if (p !== undefined && Number.isFinite(p)) {
      const on = p > this.settings.nearZeroW;
      s.zeroPowerReports = (ctx.commandedLevel ?? 0) > 0 && !on ? s.zeroPowerReports + 1 : 0;
      s.dayPowerReports = ctx.daylight && (ctx.commandedLevel ?? 0) === 0 && p > this.settings.dayBurnerW ? s.dayPowerReports + 1 : 0;
      this.trackCycling(s, on, at);
    }
    const n = this.settings.confirmReports;
    // Raised on n confirming reports (or the device's flag), cleared only on a report that shows the
    // fault gone: one suspicious report in between (or the first after a restart) changes nothing.
    const failure = flags.lampFailure === true || s.zeroPowerReports >= n ? true : s.zeroPowerReports === 0 ? false : undefined;
    if (failure !== undefined) this.latch.set(deviceId, 'lighting.lamp_failure', failure, at, () => ({ active_power: p, commanded_level: ctx.commandedLevel }));
    const burner = flags.dayBurner === true || s.dayPowerReports >= n ? true : s.dayPowerReports === 0 ? false : undefined;
    if (burner !== undefined) this.latch.set(deviceId, 'lighting.day_burner', burner, at, () => ({ active_power: p }));
    const windowStart = at - this.settings.cyclingWindowMs;
    if (s.transitions.some((t) => t < windowStart)) s.transitions = s.transitions.filter((t) => t >= windowStart);
    this.latch.set(deviceId, 'lighting.cycling', flags.cycling === true || s.transitions.length > this.settings.cyclingSwitches, at, () => ({ switches: s.transitions.length }));
  }

  /** Call periodically: raises no_report for lamps silent too long. */
  checkSilence(now: number, expectedIntervalMs: (deviceId: string) => number): void {
    for (const [id, s] of this.lamps) {
      s.silenceLimitMs ??= expectedIntervalMs(id) * this.settings.noReportFactor; // config: constant per lamp
      if (now - s.lastReportAt > s.silenceLimitMs) this.latch.set(id, 'lighting.no_report', true, now, () => ({ last_report_at: s.lastReportAt }));
    }
  }

  /** Register a lamp before its first report so that silence from boot is noticed. */
  expect(deviceId: string, since: number): void {
    this.state(deviceId, since);
  }

  activeAlarms(deviceId: string): LampAlarmType[] {
    return this.latch.activeFor(deviceId);
  }

  private trackCycling(s: LampState, on: boolean, at: number): void {
    if (s.lastOn !== undefined && s.lastOn !== on) s.transitions.push(at);
    s.lastOn = on;
    if (s.transitions.length > 1000) s.transitions.splice(0, s.transitions.length - 1000);
  }

  private state(deviceId: string, at: number): LampState {
    let s = this.lamps.get(deviceId);
    if (!s) {
      s = { zeroPowerReports: 0, dayPowerReports: 0, transitions: [], lastReportAt: at };
      this.lamps.set(deviceId, s);
    }
    return s;
  }

}
