import type { Clock, TimerHandle } from './clock';

interface Scheduled {
  id: number;
  at: number;
  fn: () => void;
  every: number | undefined;
  order: number;
}

/**
 * A clock that only moves when told to. Timers fire in time order (ties in scheduling order)
 * while `advance`/`advanceTo` runs, so a whole night or season simulates in seconds.
 */
export class SimulatedClock implements Clock {
  private wall: number;
  private mono = 0;
  private seq = 0;
  private readonly timers = new Map<number, Scheduled>();

  constructor(start: number | Date = Date.UTC(2026, 0, 1)) {
    this.wall = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.wall;
  }

  monotonic(): number {
    return this.mono;
  }

  /** Jump the wall clock without moving monotonic time or firing timers (simulates NTP/RTC steps). */
  setWallTime(ms: number): void {
    this.wall = ms;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.schedule(fn, Math.max(0, ms), undefined);
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle) this.timers.delete(handle.id);
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    const every = Math.max(1, ms);
    return this.schedule(fn, every, every);
  }

  clearInterval(handle: TimerHandle | undefined): void {
    this.clearTimeout(handle);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, ms));
  }

  /** Number of pending timers (for tests that check nothing is left behind). */
  pendingTimers(): number {
    return this.timers.size;
  }

  /** Time of the next pending timer on the monotonic axis, or undefined. */
  nextTimerAt(): number | undefined {
    let best: number | undefined;
    for (const t of this.timers.values()) if (best === undefined || t.at < best) best = t.at;
    return best;
  }

  /** Move time forward by `ms`, firing every timer due on the way (synchronously, in order). */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError(`SimulatedClock.advance: ms must be >= 0, got ${ms}`);
    const target = this.mono + ms;
    for (;;) {
      const next = this.popDue(target);
      if (!next) break;
      this.wall += next.at - this.mono;
      this.mono = next.at;
      if (next.every !== undefined) {
        next.at += next.every;
        next.order = this.seq++;
        this.timers.set(next.id, next);
      }
      next.fn();
    }
    this.wall += target - this.mono;
    this.mono = target;
  }

  /** Advance so that `now()` equals `wallMs`. */
  advanceTo(wallMs: number): void {
    this.advance(Math.max(0, wallMs - this.wall));
  }

  /**
   * Advance in steps, yielding to the event loop between timers so that promise continuations
   * (awaits inside timer callbacks) run before the next timer fires.
   */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.mono + ms;
    for (;;) {
      const next = this.nextTimerAt();
      if (next === undefined || next > target) break;
      this.advance(next - this.mono);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.advance(target - this.mono);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  private schedule(fn: () => void, delay: number, every: number | undefined): TimerHandle {
    const id = ++this.seq;
    this.timers.set(id, { id, at: this.mono + delay, fn, every, order: id });
    return { id };
  }

  private popDue(target: number): Scheduled | undefined {
    let best: Scheduled | undefined;
    for (const t of this.timers.values()) {
      if (t.at > target) continue;
      if (!best || t.at < best.at || (t.at === best.at && t.order < best.order)) best = t;
    }
    if (best) this.timers.delete(best.id);
    return best;
  }
}
