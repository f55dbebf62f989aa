import type { Night } from './astro';

export interface GroupEnergy {
  usedWh: number;
  baselineWh: number;
  /** 100 × (1 − used / baseline); 0 when there is no baseline yet. */
  savingsPct: number;
}

/**
 * Energy per lamp group: Wh actually used (from the controllers' energy counters, or estimated
 * from the level when a lamp has no meter) against a full-power baseline (every lamp at 100 %
 * for the whole astronomical burn time). Counter resets/wraps (value going down) restart the count.
 */
export class EnergyLedger {
  private readonly used = new Map<string, number>();
  private readonly baseline = new Map<string, number>();
  private readonly counters = new Map<string, number>();

  /** A controller's cumulative energy counter (Wh). */
  meter(groupId: string, lampId: string, counterWh: number): void {
    if (!Number.isFinite(counterWh) || counterWh < 0) return;
    const previous = this.counters.get(lampId);
    this.counters.set(lampId, counterWh);
    if (previous === undefined) return;
    const delta = counterWh >= previous ? counterWh - previous : counterWh;
    this.addUsed(groupId, delta);
  }

  /** Estimated use of a lamp without meter: rated power × level for a duration. */
  estimate(groupId: string, ratedPowerW: number, level: number, ms: number): void {
    this.addUsed(groupId, (ratedPowerW * level * ms) / 100 / 3_600_000);
  }

  addBaseline(groupId: string, wh: number): void {
    this.baseline.set(groupId, (this.baseline.get(groupId) ?? 0) + wh);
  }

  report(): Record<string, GroupEnergy> {
    const out: Record<string, GroupEnergy> = {};
    for (const id of new Set([...this.used.keys(), ...this.baseline.keys()])) {
      const usedWh = this.used.get(id) ?? 0;
      const baselineWh = this.baseline.get(id) ?? 0;
      out[id] = { usedWh: round(usedWh), baselineWh: round(baselineWh), savingsPct: baselineWh > 0 ? round(100 * (1 - usedWh / baselineWh)) : 0 };
    }
    return out;
  }

  private addUsed(groupId: string, wh: number): void {
    this.used.set(groupId, (this.used.get(groupId) ?? 0) + wh);
  }
}

const round = (v: number) => Math.round(v * 100) / 100;

/** Full-power baseline of one night for `lamps` lamps of `ratedPowerW`. */
export function nightBaselineWh(night: Night, lamps: number, ratedPowerW: number): number {
  return (lamps * ratedPowerW * Math.max(0, night.off - night.on)) / 3_600_000;
}
