/**
 * Suspends a codec that keeps killing its sandbox: when a batch reaches maxRestartsPerBatch, calls
 * are answered at once with an error for a pause that doubles (1 s .. 60 s) while it keeps
 * happening, and resets after a batch that needed no restart. A codec broken on every frame then
 * costs a restart now and then, not three per batch. Time comes from the agent's clock.
 */

/** The part of the agent's Clock (device-sdk) the breaker needs. */
export interface MonotonicClock {
  monotonic(): number;
}

export const realMonotonic: MonotonicClock = { monotonic: () => performance.now() };

export class Breaker {
  private until = 0;
  private pause: number;

  constructor(private readonly clock: MonotonicClock, private readonly minMs = 1000, private readonly maxMs = 60_000) {
    this.pause = minMs;
  }

  /** ms left of the current suspension; 0 when calls may run. */
  remaining(): number {
    return Math.max(0, this.until - this.clock.monotonic());
  }

  trip(): void {
    this.until = this.clock.monotonic() + this.pause;
    this.pause = Math.min(this.maxMs, this.pause * 2);
  }

  reset(): void {
    this.pause = this.minMs;
  }
}
