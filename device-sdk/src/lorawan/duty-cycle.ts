/**
 * Duty-cycle accounting per sub-band over a sliding window (default 1 h, as ETSI measures it).
 * `check` says whether a transmission fits now, and if not, when it would (the caller delays
 * or refuses; it never transmits past the limit).
 */
import type { Clock } from '../clock/clock';
import { type Region, subBandOf } from './region';

export type DutyCycleDecision =
  | { ok: true; subBand: string }
  | { ok: false; reason: string; retryAfterMs?: number };

export class DutyCycleTracker {
  private readonly used = new Map<string, Array<{ at: number; ms: number }>>();

  constructor(
    private readonly clock: Clock,
    private readonly region: Region,
    private readonly windowMs = 3_600_000,
  ) {}

  check(freqMHz: number, airtimeMs: number): DutyCycleDecision {
    const band = subBandOf(this.region, freqMHz);
    if (!band) return { ok: false, reason: `${freqMHz} MHz is outside every ${this.region.name} sub-band` };
    const budget = band.dutyCycle * this.windowMs;
    if (airtimeMs > budget) return { ok: false, reason: `${airtimeMs.toFixed(1)} ms exceeds the whole ${band.name} budget of ${budget} ms per window` };
    const entries = this.prune(band.name);
    let spent = entries.reduce((s, e) => s + e.ms, 0);
    if (spent + airtimeMs <= budget) return { ok: true, subBand: band.name };
    // Earliest time enough airtime leaves the window.
    for (const e of entries) {
      spent -= e.ms;
      if (spent + airtimeMs <= budget) {
        const retryAfterMs = Math.max(0, e.at + this.windowMs - this.clock.monotonic());
        return { ok: false, reason: `duty cycle of sub-band ${band.name} (${band.dutyCycle * 100} %) exhausted`, retryAfterMs };
      }
    }
    return { ok: false, reason: `duty cycle of sub-band ${band.name} exhausted` };
  }

  record(freqMHz: number, airtimeMs: number): void {
    const band = subBandOf(this.region, freqMHz);
    if (!band) return;
    const list = this.used.get(band.name) ?? [];
    list.push({ at: this.clock.monotonic(), ms: airtimeMs });
    this.used.set(band.name, list);
  }

  /** Airtime used in the current window per sub-band (ms), for metrics. */
  usage(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const name of this.used.keys()) out[name] = this.prune(name).reduce((s, e) => s + e.ms, 0);
    return out;
  }

  private prune(name: string): Array<{ at: number; ms: number }> {
    const list = this.used.get(name) ?? [];
    const cutoff = this.clock.monotonic() - this.windowMs;
    let i = 0;
    while (i < list.length && list[i]!.at <= cutoff) i++;
    if (i > 0) list.splice(0, i);
    return list;
  }
}
