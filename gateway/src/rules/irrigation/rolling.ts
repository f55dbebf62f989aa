/**
 * Small bounded trackers the irrigation rules feed from readings.
 */

/** Sum of interval amounts (e.g. rainfall mm per report) over a sliding window. */
export class RollingSum {
  private readonly entries: { at: number; value: number }[] = [];

  constructor(
    private readonly windowMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  add(at: number, value: number): void {
    if (!Number.isFinite(value) || value < 0) return;
    this.entries.push({ at, value });
    if (this.entries.length > this.maxEntries) this.entries.shift();
  }

  total(now: number): number {
    const from = now - this.windowMs;
    while (this.entries.length > 0 && this.entries[0].at <= from) this.entries.shift();
    let sum = 0;
    for (const e of this.entries) if (e.at <= now) sum += e.value;
    return Math.round(sum * 100) / 100;
  }
}

/** Daily min/max of a temperature, by local date (keeps the last few days only). */
export class DailyMinMax {
  private readonly days = new Map<string, { min: number; max: number }>();

  add(localDate: string, value: number): void {
    if (!Number.isFinite(value)) return;
    const d = this.days.get(localDate);
    if (d) {
      d.min = Math.min(d.min, value);
      d.max = Math.max(d.max, value);
    } else {
      this.days.set(localDate, { min: value, max: value });
      if (this.days.size > 7) this.days.delete(this.days.keys().next().value as string);
    }
  }

  get(localDate: string): { min: number; max: number } | undefined {
    return this.days.get(localDate);
  }
}

/** Litres used per key from cumulative volume counters (resets counted from zero), per local date. */
export class VolumeCounter {
  private readonly last = new Map<string, number>();
  private readonly used = new Map<string, { date: string; litres: number }>();

  add(key: string, deviceId: string, localDate: string, counterL: number): number {
    if (!Number.isFinite(counterL) || counterL < 0) return 0;
    const prev = this.last.get(deviceId);
    this.last.set(deviceId, counterL);
    const delta = prev === undefined ? 0 : counterL >= prev ? counterL - prev : counterL;
    const u = this.used.get(key);
    if (!u || u.date !== localDate) this.used.set(key, { date: localDate, litres: delta });
    else u.litres += delta;
    return delta;
  }

  usedOn(key: string, localDate: string): number {
    const u = this.used.get(key);
    return u && u.date === localDate ? u.litres : 0;
  }
}
