/**
 * One clock for everything that reads time or sets timers (architecture.md, "One clock").
 * Production code never calls Date.now(), setTimeout or setInterval directly: it takes a Clock.
 */
export interface TimerHandle {
  /** Stable id, useful for debugging; not meaningful across clocks. */
  readonly id: number;
}

export interface Clock {
  /** Wall-clock time in ms since the Unix epoch (may jump: NTP, operator, untrusted boot). */
  now(): number;
  /** Monotonic ms since an arbitrary origin; never goes backwards. Use for durations and timeouts. */
  monotonic(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
  setInterval(fn: () => void, ms: number): TimerHandle;
  clearInterval(handle: TimerHandle | undefined): void;
  /** Resolves after `ms` on this clock (simulated clocks resolve when advanced past it). */
  sleep(ms: number): Promise<void>;
}
