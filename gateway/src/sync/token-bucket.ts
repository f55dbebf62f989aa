import type { Clock } from '@ardoise/device-sdk';

/**
 * Bandwidth cap (sobriety): a token bucket in bytes refilled on the Clock's monotonic time.
 * A batch bigger than the burst is allowed once the bucket is full (the debt is paid by waiting).
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly clock: Clock,
    private readonly bytesPerSecond: number,
    private readonly burstBytes: number,
  ) {
    if (!(bytesPerSecond > 0)) throw new RangeError(`bandwidth cap must be > 0 bytes/s, got ${bytesPerSecond}`);
    this.tokens = burstBytes;
    this.last = clock.monotonic();
  }

  /** 0 when `bytes` may be sent now (and takes them), else the ms to wait before asking again. */
  take(bytes: number): number {
    this.refill();
    const needed = Math.min(bytes, this.burstBytes);
    if (this.tokens >= needed) {
      this.tokens -= bytes;
      return 0;
    }
    return Math.ceil(((needed - this.tokens) / this.bytesPerSecond) * 1000);
  }

  private refill(): void {
    const now = this.clock.monotonic();
    this.tokens = Math.min(this.burstBytes, this.tokens + ((now - this.last) / 1000) * this.bytesPerSecond);
    this.last = now;
  }
}
